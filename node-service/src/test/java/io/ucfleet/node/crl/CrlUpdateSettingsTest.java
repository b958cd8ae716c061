package io.ucfleet.node.crl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/** Seed 004, "Automatic CRL updates": the form's rules and when the daily update is due. */
class CrlUpdateSettingsTest {

    @Test
    void pointsAreOnePerLineBlankLinesIgnoredDuplicatesFolded() {
        var s = CrlUpdateSettings.parse("Enabled", "http://ca.example/a.crl\n\n  https://ca.example/b.crl \r\nhttp://ca.example/a.crl",
                "2:30");
        assertTrue(s.automaticUpdates());
        assertEquals(2, s.distributionPoints().size());
        assertEquals(LocalTime.of(2, 30), s.dailyUpdateTime());
        assertEquals("02:30", s.dailyUpdateTimeText());
    }

    @ParameterizedTest(name = "{0} / {1} / {2} is refused naming {3}")
    @CsvSource(delimiter = '|', value = {
            "Enabled | ftp://ca.example/a.crl | 02:00 | distributionPoints",
            "Enabled | ldap://ca.example/cn=x | 02:00 | distributionPoints",
            "Enabled | http:///nohost | 02:00 | distributionPoints",
            "Enabled | http://user:pw@ca.example/a.crl | 02:00 | distributionPoints",
            "Enabled | '' | 02:00 | distributionPoints",
            "Enabled | http://ca.example/a.crl | 25:00 | dailyUpdateTime",
            "Enabled | http://ca.example/a.crl | noon | dailyUpdateTime",
            "Maybe | http://ca.example/a.crl | 02:00 | automaticUpdates"})
    void badSettingsAreRefusedNamingTheField(String automatic, String points, String time, String field) {
        DomainProblem p = assertThrows(DomainProblem.class, () -> CrlUpdateSettings.parse(automatic, points, time));
        assertEquals(ProblemType.INVALID_REQUEST, p.type());
        @SuppressWarnings("unchecked")
        var errors = (List<Map<String, String>>) p.extensions().get("errors");
        assertEquals(field, errors.get(0).get("field"), p.detail());
    }

    @Test
    void disabledNeedsNoPoint() {
        assertFalse(CrlUpdateSettings.parse("Disabled", "", "").automaticUpdates());
    }

    @Test
    void theUpdateIsDueOnceTheDailyTimeHasPassedSinceTheLastRun() {
        var s = CrlUpdateSettings.parse("Enabled", "http://ca.example/a.crl", "02:00");
        Instant saved = Instant.parse("2026-12-01T10:00:00Z");
        assertFalse(s.dueAt(saved, Instant.parse("2026-12-01T23:59:00Z")), "not again the same day after saving");
        assertTrue(s.dueAt(saved, Instant.parse("2026-12-02T02:00:00Z")));
        assertFalse(s.dueAt(Instant.parse("2026-12-02T02:00:30Z"), Instant.parse("2026-12-02T09:00:00Z")), "ran already");
        assertTrue(s.dueAt(Instant.parse("2026-11-28T02:00:30Z"), Instant.parse("2026-12-02T01:00:00Z")), "missed days: once");
        assertFalse(CrlUpdateSettings.parse("Disabled", "http://ca.example/a.crl", "02:00")
                .dueAt(saved, Instant.parse("2026-12-03T03:00:00Z")));
    }
}
