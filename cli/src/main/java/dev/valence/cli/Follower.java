package dev.valence.cli;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Objects;

/**
 * {@code show --follow}: polls the store until the dispatch ends and prints the view again only
 * when it changed, so a log of the output shows each change once.
 *
 * <p>Each poll opens the store anew, read-only. A read-only open of a store with no write-ahead log
 * reads the database as immutable, which would never see a writer's later commits; a fresh open
 * per poll (a few milliseconds, twice a second) always reads what the dispatching process
 * committed, and holds nothing open between polls.
 */
final class Follower {
    /** As often as the runtime's own cancel poll, and as often as a running node's start is committed. */
    static final Duration POLL = Duration.ofMillis(500);

    private final String location;
    private final String id;
    private final boolean json;
    private final boolean all;
    private final PrintWriter out;
    /** Clears the screen before each redraw on a terminal; a pipe or a file gets the views one after another. */
    private final boolean terminal = Terminal.interactive();

    Follower(String location, String id, boolean json, boolean all, PrintWriter out) {
        this.location = location;
        this.id = id;
        this.json = json;
        this.all = all;
        this.out = out;
    }

    /** @return {@link ExitCodes#OK} when the dispatch completed, {@link ExitCodes#FAILED} otherwise */
    int run() throws InterruptedException {
        String shown = null;
        while (true) {
            DispatchStatus status;
            String view;
            try (StoreAccess store = StoreAccess.readOnly(location)) {
                DispatchResult<Object> result = store.dispatch(id);
                status = result.status();
                // Compared as text: the views hold plain values only, so equal text means no change.
                view = json ? lineOf(result) : DispatchView.text(result, all);
            }
            if (!Objects.equals(view, shown)) {
                print(view, shown != null);
                shown = view;
            }
            if (status != DispatchStatus.RUNNING) {
                return status == DispatchStatus.COMPLETED ? ExitCodes.OK : ExitCodes.FAILED;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private static String lineOf(DispatchResult<Object> result) {
        StringWriter text = new StringWriter();
        Json.printLine(new PrintWriter(text), DispatchView.document(result));
        return text.toString();
    }

    private void print(String view, boolean again) {
        if (json) {
            out.print(view);
        } else if (terminal) {
            out.print("\033[H\033[2J" + view);
        } else {
            out.print((again ? "\n" : "") + view);
        }
        out.flush();
    }
}
