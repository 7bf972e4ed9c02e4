package dev.valence.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.Dispatch;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.Valence;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The page in real headless Chromium: list, dispatch, node panel, live updates and cancel. */
class BrowserTest {
    private static Browser browser;

    @TempDir
    Path folder;

    private final CountDownLatch release = new CountDownLatch(1);
    private Valence valence;
    private ValenceUi ui;

    @BeforeAll
    static void browser() {
        browser = Browser.start();
    }

    @AfterAll
    static void quit() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void start() {
        valence = Valence.open(folder);
        ui = ValenceUi.start(valence, 0);
    }

    @AfterEach
    void close() {
        release.countDown();
        ui.close();
        valence.close();
    }

    @Test
    void openADispatchFromTheListAndClickANode() {
        String first = Workflows.finish(valence.dispatch(Workflows.chatty(2))).id();
        String second = Workflows.finish(valence.dispatch(Workflows.chatty(2))).id();
        browser.web().get(ui.url());
        List<WebElement> rows = browser.waiting()
                .until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#dispatch-table tbody tr[data-id]"), 2));
        assertEquals(second, rows.get(0).getAttribute("data-id"), "newest first");
        browser.screenshot("list");

        rows.get(1).click();
        awaitGraph(first);
        clickGraphNode("prepare");
        WebElement stdout =
                browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("panel-stdout")));
        assertEquals("preparing 2", stdout.getText().trim());
        browser.screenshot("dispatch-node-stdout");

        browser.web().get(ui.url() + "#/d/" + second);
        awaitGraph(second);
        clickGraphNode("square");
        WebElement reusedFrom =
                browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("panel-reused-from")));
        assertEquals(first, reusedFrom.getText());
        browser.screenshot("dispatch-node-reused");
    }

    @Test
    void aCommandNodeOffersItsFilesAndTheyDownloadInThePage() {
        String id = Workflows.finish(valence.dispatch(CommandFilesTest.reportWorkflow(1000)))
                .id();
        browser.web().get(ui.url() + "#/d/" + id);
        awaitGraph(id);
        clickGraphNode("report");
        WebElement files = browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("panel-files")));
        List<WebElement> links = files.findElements(By.tagName("a"));
        assertEquals(
                List.of("report.txt", "résumé.txt", "stdout", "stderr"),
                links.stream().map(WebElement::getText).toList());
        assertTrue(files.getText().contains("3.8 KiB"), files.getText());
        browser.screenshot("node-command-files");
        // What a click downloads: the same address, fetched by the page with its own credentials.
        Object size = ((org.openqa.selenium.JavascriptExecutor) browser.web())
                .executeAsyncScript(
                        "const done = arguments[arguments.length - 1];"
                                + " fetch(arguments[0]).then(r => r.arrayBuffer()).then(b => done(b.byteLength), e => done(String(e)));",
                        links.get(0).getAttribute("href"));
        assertEquals(3893L, ((Number) size).longValue());
    }

    @Test
    void aSublatticeOpensInsideTheGraphAndFoldsAgain() {
        String id = Workflows.finish(valence.dispatch(Workflows.nested(2))).id();
        browser.web().get(ui.url() + "#/d/" + id);
        awaitGraph(id);
        assertEquals(4L, graphCount("node"), "x, prepare, refine, total");
        clickGraphNode("refine");
        WebElement expand = browser.waiting().until(ExpectedConditions.elementToBeClickable(By.id("panel-expand")));
        assertEquals("Show inside the graph", expand.getText());
        String child = browser.web().findElement(By.id("panel-child")).getText();
        expand.click();
        browser.waiting().until(ExpectedConditions.textToBe(By.id("panel-expand"), "Fold in the graph"));
        assertEquals(7L, graphCount("node"), "the child's x, square and total inside refine");
        assertEquals(Boolean.TRUE, browser.script("return window.valenceGraph.getElementById('n2').isParent();"));
        browser.screenshot("sublattice-expanded");

        // A node inside: its panel reads the child dispatch.
        clickGraphElement("n2/2");
        browser.waiting().until(ExpectedConditions.textToBe(By.id("panel-name"), "total"));
        assertTrue(
                browser.web().findElement(By.id("panel-reason")).getText().startsWith("ran"),
                "the child's node, with its own record");
        Object dispatchOfInner = browser.script("return window.valenceGraph.getElementById('n2/2').data('dispatch');");
        assertEquals(child, dispatchOfInner);

        // Inside the box near its upper left corner (not on the rounded corner itself): its middle holds
        // the child's nodes, the middle of its top the incoming edge.
        @SuppressWarnings("unchecked")
        List<Number> edge = (List<Number>) browser.script(
                "const cy = window.valenceGraph; const b = cy.getElementById('n2').renderedBoundingBox({ includeLabels: false });"
                        + " return [b.x1 + 14, b.y1 + 10, cy.width(), cy.height()];");
        clickAt(edge);
        browser.waiting().until(ExpectedConditions.textToBe(By.id("panel-name"), "refine"));
        browser.waiting()
                .until(ExpectedConditions.elementToBeClickable(By.id("panel-expand")))
                .click();
        browser.waiting().until(ExpectedConditions.textToBe(By.id("panel-expand"), "Show inside the graph"));
        assertEquals(4L, graphCount("node"), "folded again");
    }

    @Test
    void aRunningNodeTurnsCompletedWithoutAReload() {
        Dispatch<Integer> dispatch = valence.dispatch(Workflows.held(1, release));
        LiveApiTest.awaitRunning(dispatch, "held");
        browser.web().get(ui.url() + "#/d/" + dispatch.id());
        awaitGraph(dispatch.id());
        browser.waiting().until(driver -> "RUNNING".equals(graphStatus("held")));
        browser.script("window.sameDocument = true;");
        browser.screenshot("live-running");
        release.countDown();
        browser.waiting().until(driver -> "COMPLETED".equals(graphStatus("held")));
        browser.waiting().until(driver -> "COMPLETED".equals(graphStatus("after")));
        browser.waiting()
                .until(ExpectedConditions.attributeToBe(
                        By.cssSelector("#dispatch-status .status"), "data-status", "COMPLETED"));
        assertEquals(Boolean.TRUE, browser.script("return window.sameDocument === true;"), "no reload");
        browser.findTab("nodes");
        browser.screenshot("live-completed");
    }

    @Test
    void cancelARunningDispatchFromThePage() {
        Dispatch<Integer> dispatch = valence.dispatch(Workflows.held(1, release));
        LiveApiTest.awaitRunning(dispatch, "held");
        browser.web().get(ui.url() + "#/d/" + dispatch.id());
        awaitGraph(dispatch.id());
        browser.waiting()
                .until(ExpectedConditions.elementToBeClickable(By.id("cancel")))
                .click();
        browser.waiting().until(ExpectedConditions.alertIsPresent()).accept();
        assertEquals(DispatchStatus.CANCELLED, Workflows.finish(dispatch).status());
        browser.waiting()
                .until(ExpectedConditions.attributeToBe(
                        By.cssSelector("#dispatch-status .status"), "data-status", "CANCELLED"));
        browser.waiting().until(driver -> "CANCELLED".equals(graphStatus("held")));
        browser.screenshot("cancelled");
    }

    @Test
    void aRedispatchWithReusedAndNewNodes() {
        Workflows.finish(valence.dispatch(Workflows.sweep(3, 6)));
        String id = Workflows.finish(valence.dispatch(Workflows.sweep(3, 8))).id();
        browser.web().get(ui.url() + "#/d/" + id);
        awaitGraph(id);
        clickGraphNode("simulate[7]");
        WebElement stdout =
                browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("panel-stdout")));
        assertTrue(stdout.getText().contains("seed 7"), stdout.getText());
        browser.screenshot("dashboard");
        browser.findTab("timeline");
        browser.screenshot("timeline");
        browser.findTab("nodes");
        List<WebElement> reused =
                browser.web().findElements(By.cssSelector("#nodes-table .status[data-status='REUSED']"));
        assertEquals(7, reused.size(), "load and six simulate nodes");
        browser.web().findElement(By.id("node-search")).sendKeys("simulate");
        browser.waiting()
                .until(driver -> driver.findElements(By.cssSelector("#nodes-table tbody tr"))
                                .size()
                        == 8);
    }

    @Test
    void filterTheListThenDeleteADispatchFromItsPage() {
        String chatty = Workflows.finish(valence.dispatch(Workflows.chatty(5))).id();
        String failed = Workflows.finish(valence.dispatch(Workflows.failing(5))).id();
        browser.web().get(ui.url());
        By rows = By.cssSelector("#dispatch-table tbody tr[data-id]");
        browser.waiting().until(ExpectedConditions.numberOfElementsToBe(rows, 2));
        new org.openqa.selenium.support.ui.Select(browser.web().findElement(By.id("list-status")))
                .selectByValue("FAILED");
        browser.waiting().until(driver -> {
            List<WebElement> shown = driver.findElements(rows);
            return shown.size() == 1 && failed.equals(shown.get(0).getAttribute("data-id"));
        });
        browser.screenshot("list-failed");

        browser.web().get(ui.url() + "#/d/" + chatty);
        awaitGraph(chatty);
        browser.waiting()
                .until(ExpectedConditions.elementToBeClickable(By.id("delete")))
                .click();
        browser.waiting().until(ExpectedConditions.alertIsPresent()).accept();
        browser.waiting().until(ExpectedConditions.urlToBe(ui.url() + "#/"));
        // The list keeps its filter within the page: show every status again.
        new org.openqa.selenium.support.ui.Select(browser.web().findElement(By.id("list-status"))).selectByValue("");
        browser.waiting().until(driver -> {
            List<WebElement> shown = driver.findElements(rows);
            return shown.size() == 1 && failed.equals(shown.get(0).getAttribute("data-id"));
        });
        assertTrue(valence.result(chatty).isEmpty(), "deleted from the store");
        browser.screenshot("after-delete");
    }

    @Test
    void withoutTheGraphLibrariesThePageShowsTheTableAndSaysWhy() {
        ui.close();
        ui = ValenceUi.start(valence, java.net.InetAddress.getLoopbackAddress(), 0, false);
        String id = Workflows.finish(valence.dispatch(Workflows.chatty(4))).id();
        browser.web().get(ui.url() + "#/d/" + id);
        WebElement notice = browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("no-graph")));
        assertTrue(
                notice.getAttribute("textContent").contains("built without npm"), notice.getAttribute("textContent"));
        WebElement row = browser.waiting()
                .until(ExpectedConditions.visibilityOfElementLocated(
                        By.cssSelector("#nodes-table tr[data-index='1']")));
        row.click();
        WebElement stdout =
                browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("panel-stdout")));
        assertEquals("preparing 4", stdout.getText().trim());
        browser.screenshot("no-graph");
    }

    @Test
    void tenThousandNodesRenderQuickly() {
        String id = Workflows.finish(valence.dispatch(Workflows.wide(10_000))).id();
        browser.web().get(ui.url() + "#/d/" + id);
        awaitGraph(id);
        double data = number("return window.valenceTimings.dataMs;");
        double render = number("return window.valenceTimings.renderMs;");
        System.out.println("[dashboard] 10,000-node timings in the page (ms after navigation): "
                + browser.script("return JSON.stringify(window.valenceTimings);"));
        System.out.printf(
                "[dashboard] 10,000-node dispatch in Chromium: data fetched and parsed %.0f ms after navigation,"
                        + " condensed graph first rendered %.0f ms after navigation%n",
                data, render);
        assertEquals(3, number("return window.valenceGraph.nodes().length;"), "x, step and last");
        browser.screenshot("ten-thousand-condensed");

        browser.script("window.valenceTimings = null;");
        long start = System.nanoTime();
        browser.web().findElement(By.id("draw-every")).click();
        browser.waiting()
                .until(driver -> Boolean.TRUE.equals(
                        browser.script("return !!(window.valenceGraph && window.valenceGraph.nodes().length === 10000"
                                + " && window.valenceTimings && window.valenceTimings.renderMs);")));
        System.out.printf(
                "[dashboard] 10,000-node dispatch in Chromium: every node drawn %d ms after the click%n",
                (System.nanoTime() - start) / 1_000_000);
        browser.screenshot("ten-thousand-every-node");
        assertTrue(render < 10_000, "first render took " + render + " ms");
    }

    private double number(String script) {
        return ((Number) browser.script(script)).doubleValue();
    }

    private void awaitGraph(String id) {
        // A build without npm has no graph libraries: the tests of the graph are skipped then, even in CI.
        Assumptions.assumeTrue(
                StaticFiles.hasGraphLibraries(), "built without the graph libraries (npm was missing or offline)");
        browser.waiting()
                .until(driver -> Boolean.TRUE.equals(browser.script(
                        "return !!(window.valenceTimings && window.valenceTimings.dispatch === arguments[0] && window.valenceGraph);",
                        id)));
    }

    private String graphStatus(String name) {
        return (String) browser.script(
                "const n = window.valenceGraph && window.valenceGraph.nodes().filter(n => n.data('label') === arguments[0]);"
                        + " return n && n.length ? n[0].data('status') : null;",
                name);
    }

    /** Clicks a node where the graph drew it, as a user does. */
    private long graphCount(String selector) {
        return ((Number) browser.script("return window.valenceGraph.elements(arguments[0]).length;", selector))
                .longValue();
    }

    /** Clicks a graph element by its id (names repeat once a sublattice is shown inside). */
    private void clickGraphElement(String id) {
        @SuppressWarnings("unchecked")
        List<Number> at = (List<Number>) browser.script(
                "const cy = window.valenceGraph; const p = cy.getElementById(arguments[0]).renderedPosition();"
                        + " return [p.x, p.y, cy.width(), cy.height()];",
                id);
        clickAt(at);
    }

    private void clickGraphNode(String name) {
        @SuppressWarnings("unchecked")
        List<Number> at = (List<Number>) browser.script(
                "const cy = window.valenceGraph; const n = cy.nodes().filter(n => n.data('label') === arguments[0])[0];"
                        + " const p = n.renderedPosition(); return [p.x, p.y, cy.width(), cy.height()];",
                name);
        clickAt(at);
    }

    /**
     * Clicks a point of the graph given in cytoscape's rendered coordinates (from the container's
     * top left). The point is first scrolled to the middle of the window, then clicked by its
     * viewport coordinates: an offset from the container's centre would miss once the container
     * is taller than the window, since WebDriver measures from the centre of its visible part.
     */
    private void clickAt(List<Number> at) {
        @SuppressWarnings("unchecked")
        List<Number> viewport = (List<Number>) browser.script(
                "const box = document.getElementById('graph');"
                        + " const top = box.getBoundingClientRect().top + window.scrollY + arguments[1];"
                        + " window.scrollTo(0, Math.max(0, top - window.innerHeight / 2));"
                        + " const r = box.getBoundingClientRect(); return [r.left + arguments[0], r.top + arguments[1]];",
                at.get(0).doubleValue(),
                at.get(1).doubleValue());
        new Actions(browser.web())
                .moveToLocation((int) Math.round(viewport.get(0).doubleValue()), (int)
                        Math.round(viewport.get(1).doubleValue()))
                .click()
                .perform();
    }
}
