package io.ucfleet.node.crl;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * Seed 004, "Automatic CRL updates": Enabled or Disabled, the HTTP(S) distribution points (one
 * per line; only http and https) and the Daily update time in UTC. Pure; every field that is
 * wrong is named in one 400, and nothing is saved.
 */
public record CrlUpdateSettings(boolean automaticUpdates, List<URI> distributionPoints, LocalTime dailyUpdateTime) {
    public static final CrlUpdateSettings DEFAULT = new CrlUpdateSettings(false, List.of(), LocalTime.MIDNIGHT);
    /** Distribution points one node downloads from; a deployment has a handful. */
    public static final int MAX_POINTS = 50;
    static final int MAX_URL_LENGTH = 2048;

    /** From the page's (or a script's) text: {@code automatic} Enabled/Disabled (or true/false), points one a line, HH:MM. */
    public static CrlUpdateSettings parse(String automatic, String points, String dailyTime) {
        List<Map<String, String>> errors = new ArrayList<>();
        boolean enabled = false;
        String a = automatic == null ? "" : automatic.strip().toLowerCase(Locale.ROOT);
        switch (a) {
            case "enabled", "on", "true" -> enabled = true;
            case "disabled", "off", "false", "" -> enabled = false;
            default -> errors.add(error("automaticUpdates", "must be Enabled or Disabled"));
        }
        Set<URI> urls = new LinkedHashSet<>();
        String text = points == null ? "" : points;
        int line = 0;
        for (String raw : text.split("\\R")) {
            line++;
            String s = raw.strip();
            if (s.isEmpty()) {
                continue;
            }
            String problem = urlProblem(s);
            if (problem != null) {
                errors.add(error("distributionPoints", "line " + line + ": " + problem));
            } else {
                urls.add(URI.create(s));
            }
        }
        if (urls.size() > MAX_POINTS) {
            errors.add(error("distributionPoints", urls.size() + " distribution points; at most " + MAX_POINTS));
        }
        LocalTime time = LocalTime.MIDNIGHT;
        String t = dailyTime == null ? "" : dailyTime.strip();
        if (!t.isEmpty()) {
            try {
                if (!t.matches("\\d{1,2}:\\d{2}(:\\d{2})?")) {
                    throw new DateTimeParseException("layout", t, 0);
                }
                time = LocalTime.parse(t.length() < 5 || t.charAt(1) == ':' ? "0" + t : t).withSecond(0);
            } catch (DateTimeParseException e) {
                errors.add(error("dailyUpdateTime", "must be a time of day in UTC as HH:MM, e.g. 02:30"));
            }
        }
        if (enabled && urls.isEmpty() && errors.isEmpty()) {
            errors.add(error("distributionPoints", "automatic CRL updates need at least one HTTP(S) distribution point"));
        }
        if (!errors.isEmpty()) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "The CRL update settings are not valid: "
                    + errors.stream().map(e -> e.get("field") + " " + e.get("message")).toList() + "; nothing was saved.",
                    Map.of("errors", errors));
        }
        return new CrlUpdateSettings(enabled, List.copyOf(urls), time);
    }

    public String dailyUpdateTimeText() {
        return String.format(Locale.ROOT, "%02d:%02d", dailyUpdateTime.getHour(), dailyUpdateTime.getMinute());
    }

    /**
     * Whether an automatic update is due at {@code now}: the latest daily update time at or
     * before now comes after the last run (or the save that set these settings).
     */
    public boolean dueAt(Instant lastRun, Instant now) {
        if (!automaticUpdates || distributionPoints.isEmpty()) {
            return false;
        }
        var today = now.atZone(ZoneOffset.UTC).toLocalDate();
        Instant latest = today.atTime(dailyUpdateTime).toInstant(ZoneOffset.UTC);
        if (latest.isAfter(now)) {
            latest = today.minusDays(1).atTime(dailyUpdateTime).toInstant(ZoneOffset.UTC);
        }
        return lastRun == null || latest.isAfter(lastRun);
    }

    private static String urlProblem(String s) {
        if (s.length() > MAX_URL_LENGTH) {
            return "longer than " + MAX_URL_LENGTH + " characters";
        }
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            return ProblemBodyQuote.quote(s) + " is not a URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return ProblemBodyQuote.quote(s) + ": only HTTP(S) distribution points are supported";
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return ProblemBodyQuote.quote(s) + " names no host";
        }
        if (uri.getRawUserInfo() != null) {
            return ProblemBodyQuote.quote(s) + ": credentials in the URL are not supported";
        }
        return null;
    }

    private static Map<String, String> error(String field, String message) {
        return Map.of("field", field, "message", message);
    }

    /** Quoting as the problem bodies do, kept short. */
    private static final class ProblemBodyQuote {
        static String quote(String s) {
            return io.ucfleet.platform.problem.ProblemBody.quote(s.length() > 120 ? s.substring(0, 120) + "..." : s);
        }
    }
}
