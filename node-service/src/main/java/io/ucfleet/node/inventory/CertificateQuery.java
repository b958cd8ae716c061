package io.ucfleet.node.inventory;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * The filters of "Show Certificates" (seed 002): common name, expiry date, key type, usage,
 * and unit or store; plus paging. Built from raw query parameters so every bad value gets a
 * problem that names the parameter.
 */
public record CertificateQuery(
        Optional<String> commonName,
        Optional<Instant> expiresBefore,
        Optional<Instant> expiresAfter,
        Optional<String> keyType,
        Optional<Usage> usage,
        Optional<String> unit,
        Optional<Match> match,
        Optional<Order> order,
        int page,
        int size) {

    /** A column of the Certificate List: what "Find Certificate List where" matches and what it sorts by. */
    public enum Column {
        CERTIFICATE("unit", "Certificate"),
        COMMON_NAME("commonName", "Common Name"),
        EXPIRATION("notAfter", "Expiration"),
        KEY_TYPE("keyType", "Key Type"),
        USAGE("usage", "Usage");

        /** The entity attribute it reads. */
        final String attribute;
        public final String label;

        Column(String attribute, String label) {
            this.attribute = attribute;
            this.label = label;
        }
    }

    /**
     * "Find Certificate List where {@code column} begins with / contains {@code text}", case-insensitively
     * on the column's text (Expiration as its UTC timestamp, 2030-12-31 ...; Usage as identity or trust).
     */
    public record Match(Column column, boolean beginsWith, String text) {
    }

    public record Order(Column column, boolean descending) {
    }

    public static final int MAX_PAGE_SIZE = 1000;

    public static CertificateQuery of(String commonName, String expiresBefore, String expiresAfter, String keyType,
            String usage, String unit, String page, String size, int defaultSize) {
        CertificateQuery query = new CertificateQuery(
                blankToEmpty(commonName).map(cn -> text("commonName", cn)),
                blankToEmpty(expiresBefore).map(v -> instant("expiresBefore", v)),
                blankToEmpty(expiresAfter).map(v -> instant("expiresAfter", v)),
                blankToEmpty(keyType).map(CertificateQuery::keyType),
                blankToEmpty(usage).map(CertificateQuery::usage),
                blankToEmpty(unit),
                Optional.empty(),
                Optional.empty(),
                blankToEmpty(page).map(v -> integer("page", v, 0, Integer.MAX_VALUE)).orElse(0),
                blankToEmpty(size).map(v -> integer("size", v, 1, MAX_PAGE_SIZE)).orElse(defaultSize));
        if ((long) query.page() * query.size() > Integer.MAX_VALUE) {
            throw invalid("page", String.valueOf(query.page()), "a page whose first row is below " + Integer.MAX_VALUE);
        }
        return query;
    }

    /**
     * The same query narrowed by "Find Certificate List where" and sorted: {@code column} and {@code sort}
     * are Column names (common_name or COMMON_NAME), {@code operator} begins-with or contains; a blank
     * {@code text} matches everything.
     */
    public CertificateQuery where(String column, String operator, String text, String sort, boolean descending) {
        Optional<Match> m = blankToEmpty(text).map(t -> new Match(column("where", Optional.ofNullable(column).orElse("")),
                operator("match", operator), text("value", t)));
        Optional<Order> o = blankToEmpty(sort).map(c -> new Order(column("sort", c), descending));
        return new CertificateQuery(commonName, expiresBefore, expiresAfter, keyType, usage, unit, m, o, page, size);
    }

    private static Column column(String parameter, String value) {
        try {
            return Column.valueOf(value.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw invalid(parameter, value, "one of " + java.util.Arrays.toString(Column.values()));
        }
    }

    private static boolean operator(String parameter, String value) {
        if ("begins-with".equals(value)) {
            return true;
        }
        if (value == null || "contains".equals(value)) {
            return false;
        }
        throw invalid(parameter, value, "begins-with or contains");
    }

    /** PostgreSQL text cannot hold NUL; refuse it rather than fail in the database. */
    private static String text(String parameter, String value) {
        if (value.indexOf('\0') >= 0) {
            throw invalid(parameter, value.replace("\0", "\\0"), "text without NUL characters");
        }
        return value;
    }

    private static Optional<String> blankToEmpty(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /** An ISO date (start of that day, UTC) or an ISO instant, in years 1 to 9999. */
    private static Instant instant(String parameter, String value) {
        String expected = "an ISO date (2030-12-31) or instant (2030-12-31T00:00:00Z) in years 1 to 9999";
        try {
            Instant instant = value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(value);
            if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
                throw invalid(parameter, value, expected);
            }
            return instant;
        } catch (DateTimeParseException e) {
            throw invalid(parameter, value, expected);
        }
    }

    private static String keyType(String value) {
        String upper = value.toUpperCase(Locale.ROOT);
        return switch (upper) {
            case "RSA" -> "RSA";
            case "EC", "ECDSA" -> "EC";
            default -> throw invalid("keyType", value, "RSA or EC");
        };
    }

    private static Usage usage(String value) {
        try {
            return Usage.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid("usage", value, "identity or trust");
        }
    }

    private static int integer(String parameter, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(parameter, value, "an integer from " + min + " to " + max);
    }

    private static DomainProblem invalid(String parameter, String value, String expected) {
        return new DomainProblem(ProblemType.INVALID_REQUEST, "Query parameter " + parameter + "=\"" + value
                + "\" is not valid: expected " + expected + ".",
                Map.of("errors", java.util.List.of(Map.of("field", parameter, "message", "expected " + expected))));
    }
}
