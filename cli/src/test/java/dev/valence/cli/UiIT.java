package dev.valence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.Valence;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code valence ui} serves the dashboard of a store from the real jar, and refuses a folder that is not one. */
class UiIT {
    @TempDir
    Path work;

    @Test
    void uiServesTheDashboardOfTheStoreUntilStopped() throws Exception {
        Path store = work.resolve("store");
        try (Valence valence = Valence.open(store)) {
            valence.dispatches();
        }
        Cli.Running ui = Cli.start(work, "ui", "--store", store.toString(), "--port", "0");
        try {
            Pattern address = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+/)");
            Matcher found = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Cli.PATIENCE_SECONDS);
            while (System.nanoTime() < deadline) {
                Matcher matcher = address.matcher(ui.outSoFar());
                if (matcher.find()) {
                    found = matcher;
                    break;
                }
                Thread.sleep(50);
            }
            assertTrue(found != null, "no address printed: " + ui.outSoFar());
            HttpResponse<String> page = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(found.group(1))).build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("Valence"), page.body());
        } finally {
            ui.process().destroy();
            ui.process().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void uiRefusesAFolderThatIsNotAStore() throws Exception {
        Path empty = Files.createDirectories(work.resolve("empty"));
        Cli.Result result = Cli.run(work, "ui", "--store", empty.toString(), "--port", "0");
        assertEquals(ExitCodes.STORE, result.exit(), result.toString());
        assertTrue(result.err().contains("is not a Valence store"), result.toString());
    }
}
