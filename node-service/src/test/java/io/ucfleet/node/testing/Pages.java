package io.ucfleet.node.testing;

import java.time.Duration;

import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** What every browser test does to move between pages. */
public final class Pages {
    private Pages() {
    }

    /**
     * Clicks what leads to another page and waits until the browser has left this one. Chromium
     * answers either a stale element or "Node with given id does not belong to the document"
     * while the next document loads: both mean the element's page is gone.
     */
    public static void go(WebDriver driver, WebElement element) {
        element.click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> {
            try {
                element.isEnabled();
                return false;
            } catch (StaleElementReferenceException gone) {
                return true;
            } catch (WebDriverException e) {
                if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                    return true;
                }
                throw e;
            }
        });
    }
}
