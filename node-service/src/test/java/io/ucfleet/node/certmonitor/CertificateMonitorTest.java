package io.ucfleet.node.certmonitor;

import static io.ucfleet.node.testing.Api.asAdmin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.ucfleet.node.testing.Api;

/**
 * The Certificate Expiry Monitor with time moved forward (the node's clock): e-mails through a
 * real SMTP server (GreenMail), alerts on the API and the Prometheus gauge appear from the
 * configured start days, at the configured frequency, and hourly within a day of expiry.
 */
@QuarkusTest
@org.junit.jupiter.api.extension.ExtendWith(io.ucfleet.platform.testing.OverHttps.class)
class CertificateMonitorTest {
    private static GreenMail smtp;

    @BeforeAll
    static void smtp() {
        int port = ConfigProvider.getConfig().getValue("quarkus.mailer.port", Integer.class);
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    @AfterAll
    static void stop() {
        smtp.stop();
    }

    @Test
    void emailsAlertsAndMetricsAppearAtTheConfiguredDaysAndHourlyNearExpiry() throws Exception {
        try {
            monitorTheIpsecCertificateToItsExpiry();
        } finally { // the other tests share this boot: the clock back, ipsec new, no recipients
            asAdmin().contentType("application/json").body("{\"offset\": \"PT0S\"}").put("/ucfleet/v1/clock");
            asAdmin().contentType("application/json").body("{}").post("/api/v1/identities/ipsec/regenerate");
            asAdmin().contentType("application/json").body("{\"emailIds\": []}").put("/api/v1/certificate-monitor");
        }
    }

    private void monitorTheIpsecCertificateToItsExpiry() throws Exception {
        asAdmin().get("/api/v1/certificate-monitor").then().statusCode(200).body("notificationStartDays", equalTo(30));
        for (String bad : List.of("{\"notificationStartDays\": 0}", "{\"notificationFrequencyUnit\": \"weeks\"}",
                "{\"notificationFrequency\": 25, \"notificationFrequencyUnit\": \"hours\"}", "{\"emailIds\": [\"not-an-address\"]}",
                "{\"startDays\": 3}", "null")) {
            asAdmin().contentType("application/json").body(bad).put("/api/v1/certificate-monitor").then().statusCode(400)
                    .contentType("application/problem+json");
        }
        Api.asReadOnly().contentType("application/json").body("{\"notificationStartDays\": 5}").put("/api/v1/certificate-monitor")
                .then().statusCode(403);
        asAdmin().get("/api/v1/certificate-monitor").then().body("notificationStartDays", equalTo(30));

        asAdmin().contentType("application/json").body("""
                {"notificationStartDays": 10, "notificationFrequency": 2, "notificationFrequencyUnit": "days",
                 "emailNotification": true, "emailIds": ["pki-team@example.com", "oncall@example.com"]}""")
                .put("/api/v1/certificate-monitor").then().statusCode(200).body("emailIds.size()", equalTo(2));
        // ipsec as issued five years before it expires in 20 days; the monitor runs once now (nothing within 10 days)
        asAdmin().contentType("application/json").body("{\"days\": 20, \"units\": [\"ipsec\"]}")
                .post("/ucfleet/v1/scenarios/expiring").then().statusCode(200);
        clock("PT0S");
        tick();

        JsonPath day11 = clock("P11D");
        assertTrue(day11.getBoolean("ran"), day11.prettify());
        assertTrue(notified(day11).contains("ipsec"), day11.prettify());
        assertEquals(1, mails("ipsec"), "one e-mail, to both recipients");
        var message = ipsecMessages()[0];
        assertEquals(2, message.getAllRecipients().length);
        assertTrue(message.getSubject().startsWith("Certificate expiring: ipsec cucm-pub.ucfleet.test"), message.getSubject());
        assertTrue(com.icegreen.greenmail.util.GreenMailUtil.getBody(message).contains("expires in 9 day(s)"),
                com.icegreen.greenmail.util.GreenMailUtil.getBody(message));
        asAdmin().get("/api/v1/certificate-monitor/alerts").then().statusCode(200)
                .body("find { it.unit == 'ipsec' }.daysLeft", equalTo(9))
                .body("find { it.unit == 'ipsec' }.state", equalTo("expiring"))
                .body("find { it.unit == 'ipsec' }.notifications", equalTo(1));
        String metrics = io.restassured.RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("ucfleet_certificate_expiry_seconds{") && l.contains("unit=\"ipsec\"")
                && l.contains("node=\"cucm-pub\"")), "the gauge per certificate");

        // what the fleet overview reads, as the cluster account: every certificate, judged by this node's clock and window
        io.restassured.RestAssured.given().auth().preemptive().basic("cluster", "cluster-password")
                .get("/api/v1/certificate-monitor/certificates").then().statusCode(200)
                .body("notificationStartDays", equalTo(10))
                .body("certificates.find { it.unit == 'ipsec' }.state", equalTo("expiring"))
                .body("certificates.find { it.unit == 'ipsec' }.usage", equalTo("identity"))
                .body("certificates.find { it.unit == 'ipsec' }.lastNotifiedAt", equalTo(day11.getString("at")))
                .body("certificates.find { it.unit == 'tomcat' }.state", equalTo("valid"))
                .body("certificates.find { it.unit == 'tomcat' }.lastNotifiedAt", org.hamcrest.Matchers.nullValue());
        List<java.time.Instant> notAfter = Api.asReadOnly().get("/api/v1/certificate-monitor/certificates").then().extract()
                .jsonPath().getList("certificates.notAfter", String.class).stream().map(java.time.Instant::parse).toList();
        assertEquals(notAfter.stream().sorted().toList(), notAfter, "soonest first");
        io.restassured.RestAssured.get("/api/v1/certificate-monitor/certificates").then().statusCode(401);

        assertTrue(!tick().getBoolean("ran"), "daily: not again within the day");
        JsonPath day12 = clock("P12D");
        assertTrue(day12.getBoolean("ran") && !notified(day12).contains("ipsec"), "every 2 days: not yet");
        JsonPath day13 = clock("P13D");
        assertTrue(notified(day13).contains("ipsec"), day13.prettify());
        assertEquals(2, mails("ipsec"));

        // within a day of expiry: the monitor runs every hour and notifies at each run
        JsonPath near = clock("P19DT12H");
        assertTrue(notified(near).contains("ipsec"), near.prettify());
        assertEquals(java.time.Instant.parse(near.getString("at")).plusSeconds(3600).toString(), near.getString("nextRunAt"),
                "the next run is an hour later");
        JsonPath hourLater = clock("P19DT13H");
        assertTrue(hourLater.getBoolean("ran") && notified(hourLater).contains("ipsec"), hourLater.prettify());
        JsonPath expired = clock("P20DT1H");
        assertTrue(notified(expired).contains("ipsec"), expired.prettify());
        assertEquals(5, mails("ipsec"));
        assertTrue(Arrays.stream(ipsecMessages()).anyMatch(m -> subject(m).startsWith("Certificate expired: ipsec")));
        Api.asReadOnly().get("/api/v1/certificate-monitor/certificates").then()
                .body("certificates.find { it.unit == 'ipsec' }.state", equalTo("expired"));
        asAdmin().get("/api/v1/certificate-monitor/alerts").then().body("find { it.unit == 'ipsec' }.state", equalTo("expired"))
                .body("find { it.unit == 'ipsec' }.notifications", equalTo(5));

        // regenerated (with the clock back: a change made in the future would outlive the other tests' retention): no
        // longer an alert; the monitor runs again although its last run is now in the future
        asAdmin().contentType("application/json").body("{\"offset\": \"PT0S\"}").put("/ucfleet/v1/clock").then().statusCode(200);
        asAdmin().contentType("application/json").body("{}").post("/api/v1/identities/ipsec/regenerate").then().statusCode(200);
        assertTrue(tick().getBoolean("ran"), "a clock moved back does not stop the monitor");
        asAdmin().get("/api/v1/certificate-monitor/alerts").then().body("unit", org.hamcrest.Matchers.not(
                org.hamcrest.Matchers.hasItem("ipsec")));
        asAdmin().get("/api/v1/certificate-monitor").then().body("emailIds[0]", containsString("pki-team"));
    }

    /** Moves the node's clock, then ticks the monitor as the scheduler does. */
    private static JsonPath clock(String offset) {
        asAdmin().contentType("application/json").body("{\"offset\": \"" + offset + "\"}").put("/ucfleet/v1/clock").then()
                .statusCode(200);
        return tick();
    }

    private static JsonPath tick() {
        return asAdmin().post("/ucfleet/v1/certificate-monitor/tick").then().statusCode(200).extract().jsonPath();
    }

    private static List<String> notified(JsonPath run) {
        return run.getList("notified.unit", String.class);
    }

    private static jakarta.mail.internet.MimeMessage[] ipsecMessages() {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> subject(m).contains(": ipsec "))
                .filter(m -> recipients(m) == 2).toArray(jakarta.mail.internet.MimeMessage[]::new);
    }

    /** GreenMail keeps one copy per recipient; count e-mails, not copies. */
    private static long mails(String unit) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> subject(m).contains(": " + unit + " "))
                .map(CertificateMonitorTest::messageId).distinct().count();
    }

    private static String subject(jakarta.mail.internet.MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new AssertionError(e);
        }
    }

    private static String messageId(jakarta.mail.internet.MimeMessage m) {
        try {
            return m.getMessageID();
        } catch (jakarta.mail.MessagingException e) {
            throw new AssertionError(e);
        }
    }

    private static int recipients(jakarta.mail.internet.MimeMessage m) {
        try {
            return m.getAllRecipients().length;
        } catch (jakarta.mail.MessagingException e) {
            throw new AssertionError(e);
        }
    }
}
