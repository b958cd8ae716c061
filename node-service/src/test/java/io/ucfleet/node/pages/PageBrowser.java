package io.ucfleet.node.pages;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;

/**
 * The browser of the page tests: Debian's Chromium (chromium and chromium-driver), headless,
 * downloading into a directory of its own, with the steps every page test takes. Screenshots go
 * to target/screenshots/.
 */
final class PageBrowser implements AutoCloseable {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final ChromeDriver driver;
    final Path downloads;

    private PageBrowser(ChromeDriver driver, Path downloads) {
        this.driver = driver;
        this.downloads = downloads;
    }

    static PageBrowser start() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("The browser tests need Debian's Chromium at " + CHROMIUM + " and its driver at " + CHROMEDRIVER
                    + ": apt-get install chromium chromium-driver");
        }
        Path downloads = Files.createTempDirectory("ucfleet-downloads");
        Files.createDirectories(SCREENSHOTS);
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toString())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000",
                        "--ignore-certificate-errors") // the node presents its self-signed tomcat
                .setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                        "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return new PageBrowser(driver, downloads);
    }

    @Override
    public void close() {
        driver.quit();
    }

    void open(URL base, String path) {
        driver.get(base.toString().replaceAll("/$", "") + path);
    }

    /** Clicks what leads to another page and waits until the browser has left this one. */
    void go(WebElement element) {
        io.ucfleet.node.testing.Pages.go(driver, element);
    }

    void go(String id) {
        go(driver.findElement(By.id(id)));
    }

    void signIn(String user, String password) {
        driver.findElement(By.id("j_username")).clear();
        driver.findElement(By.id("j_username")).sendKeys(user);
        driver.findElement(By.id("j_password")).sendKeys(password);
        go(driver.findElement(By.id("login")));
    }

    boolean has(String id) {
        return !driver.findElements(By.id(id)).isEmpty();
    }

    String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    /** Where the browser is and what it shows, for failure messages. */
    String page() {
        return driver.getCurrentUrl() + "\n" + driver.getPageSource();
    }

    /** The data rows (not the header) of the table {@code id}, each as its cells' text. */
    List<List<String>> table(String id) {
        return driver.findElements(By.cssSelector("#" + id + " tr")).stream()
                .map(r -> r.findElements(By.tagName("td")).stream().map(WebElement::getText).toList())
                .filter(cells -> !cells.isEmpty()).toList();
    }

    /** A POST with this browser's session cookie and the given form fields, as a forging site would send it. */
    ValidatableResponse post(String path, Map<String, String> form) {
        var request = RestAssured.given().cookie("cmplatform-session", driver.manage().getCookieNamed("cmplatform-session")
                .getValue()).redirects().follow(false).contentType("application/x-www-form-urlencoded").formParam("ignored", "1");
        form.forEach(request::formParam);
        return request.post(path).then();
    }

    /** The token of the first form on the page. */
    String token() {
        return driver.findElement(By.name("csrf-token")).getDomProperty("value");
    }

    /** The one finished download ending in {@code extension}, which is then moved out of the download directory. */
    Path downloaded(String extension) throws IOException {
        Path[] found = new Path[1];
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(b -> {
            try (var files = Files.list(downloads)) {
                found[0] = files.filter(f -> f.toString().endsWith(extension)).findFirst().orElse(null);
                return found[0] != null;
            } catch (IOException e) {
                return false;
            }
        });
        Path copy = Files.createTempFile("ucfleet-download", extension);
        Files.move(found[0], copy, StandardCopyOption.REPLACE_EXISTING);
        return copy;
    }

    void shot(String name) {
        try {
            Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
