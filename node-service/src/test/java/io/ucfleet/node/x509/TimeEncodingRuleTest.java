package io.ucfleet.node.x509;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.ucfleet.node.testing.TestCertificates;

/** Seed 002's GeneralizedTime rule, case by case. */
class TimeEncodingRuleTest {

    @ParameterizedTest(name = "{0} time \"{1}\" is {2}")
    @CsvSource({
            "UTCTime, 250101120000Z, ok",
            "GeneralizedTime, 20250101120000Z, ok",
            "GeneralizedTime, 20250101120000.123Z, has fractional seconds",
            "UTCTime, 2501011200Z, has no seconds",
            "GeneralizedTime, 202501011200Z, has no seconds",
            "UTCTime, 250101120000+0100, is not in GMT (must end in Z)",
            "GeneralizedTime, 20250101120000+0100, is not in GMT (must end in Z)",
            "GeneralizedTime, 20250101120000, is not in GMT (must end in Z)"})
    void judgesTheEncodedTimeText(String kind, String text, String expected) {
        var certificate = TestCertificates.withRawNotBefore("t", kind.equals("UTCTime"), text).certificate();
        Optional<String> violation = io.ucfleet.platform.x509.TimeEncoding.form(certificate.toASN1Structure())
                .map(io.ucfleet.platform.x509.TimeEncoding.Violation::message);
        if (expected.equals("ok")) {
            assertEquals(Optional.empty(), violation);
        } else {
            assertTrue(violation.orElseThrow().endsWith(expected), violation.get());
            assertTrue(violation.get().startsWith("notBefore"), violation.get());
        }
    }
}
