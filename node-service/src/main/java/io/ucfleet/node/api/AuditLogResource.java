package io.ucfleet.node.api;

import io.ucfleet.platform.security.Roles;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.ucfleet.node.audit.AuditChain;
import io.ucfleet.node.audit.AuditLog;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/** The audit log: newest first, exported oldest first, and its chain verified; administrators only (it names accounts and addresses). */
@Path("/api/v1/audit-log")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class AuditLogResource {
    static final Set<String> VIAS = java.util.Arrays.stream(AuditLog.Via.values()).map(AuditLog.Via::id)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
    static final Set<String> STATUSES = Set.of("success", "failure");
    static final String CSV_HEADER = "id,at,userId,clientAddress,via,eventType,resource,status,detail,subject,before,after,origin,"
            + "prevHash,entryHash";

    @Inject
    AuditLog audit;
    @Inject
    ObjectMapper json;

    @GET
    public List<AuditLog.Entry> list(@QueryParam("user") String user, @QueryParam("via") String via,
            @QueryParam("eventType") String eventType, @QueryParam("status") String status, @QueryParam("since") String since,
            @QueryParam("until") String until, @QueryParam("subject") String subject, @QueryParam("limit") Integer limit) {
        int size = limit == null ? 100 : limit;
        if (size < 1 || size > AuditLog.MAX_PAGE) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "\"limit\" must be 1 to " + AuditLog.MAX_PAGE + ".");
        }
        return audit.list(filter(user, via, eventType, status, since, until, subject), size);
    }

    /**
     * Every matching entry, oldest first, with its chain links, so that it can be verified away
     * from the node: {@code format=ndjson} (a JSON entry a line, verbatim) or {@code format=csv}
     * (RFC 4180, the default; a field starting with = + - @ gets a leading ' for spreadsheets).
     */
    @GET
    @Path("/export")
    @Produces({"text/csv", "application/x-ndjson"})
    public Response export(@QueryParam("format") String format, @QueryParam("user") String user, @QueryParam("via") String via,
            @QueryParam("eventType") String eventType, @QueryParam("status") String status, @QueryParam("since") String since,
            @QueryParam("until") String until, @QueryParam("subject") String subject) {
        String kind = format == null || format.isBlank() ? "csv" : format.strip().toLowerCase(Locale.ROOT);
        if (!kind.equals("csv") && !kind.equals("ndjson")) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "\"format\" must be csv or ndjson.");
        }
        AuditLog.Filter filter = filter(user, via, eventType, status, since, until, subject);
        StreamingOutput body = out -> {
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            if (kind.equals("csv")) {
                writer.write(CSV_HEADER + "\r\n");
            }
            audit.export(filter, e -> {
                try {
                    writer.write(kind.equals("csv") ? csv(e) : json.writeValueAsString(e) + "\n");
                } catch (java.io.IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            });
            writer.flush();
        };
        return Response.ok(body, kind.equals("csv") ? "text/csv; charset=utf-8" : "application/x-ndjson")
                .header("Content-Disposition", "attachment; filename=\"audit-log." + kind + "\"").build();
    }

    /** Walks the chain: {@code verified}, or the first entry where it breaks and why. */
    @GET
    @Path("/verification")
    public AuditChain.Verification verification() {
        return audit.verify();
    }

    private static AuditLog.Filter filter(String user, String via, String eventType, String status, String since, String until,
            String subject) {
        if (via != null && !via.isBlank() && !VIAS.contains(via.strip())) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "\"via\" must be one of " + new java.util.TreeSet<>(VIAS) + ".");
        }
        if (status != null && !status.isBlank() && !STATUSES.contains(status.strip())) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "\"status\" must be success or failure.");
        }
        // entries hold no control characters (they are written as "?"), and PostgreSQL text no NUL
        for (String[] text : new String[][] {{"user", user}, {"eventType", eventType}, {"subject", subject}}) {
            if (text[1] != null && text[1].chars().anyMatch(Character::isISOControl)) {
                throw new DomainProblem(ProblemType.INVALID_REQUEST, "\"" + text[0] + "\" holds a control character;"
                        + " no entry has one.");
            }
        }
        return new AuditLog.Filter(user, via, eventType, status, instant("since", since), instant("until", until), subject);
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "\"" + name + "\" must be an ISO-8601 instant such as"
                    + " 2026-12-01T00:00:00Z.");
        }
    }

    static String csv(AuditLog.Entry e) {
        StringBuilder line = new StringBuilder();
        Object[] fields = {e.id(), e.at(), e.userId(), e.clientAddress(), e.via(), e.eventType(), e.resource(), e.status(),
            e.detail(), e.subject(), e.before(), e.after(), e.origin(), e.prevHash(), e.entryHash()};
        for (int i = 0; i < fields.length; i++) {
            String v = fields[i] == null ? "" : fields[i].toString();
            if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
                v = "'" + v; // a spreadsheet must not run a failed login's account name as a formula (OWASP CSV injection)
            }
            line.append(i == 0 ? "" : ",");
            line.append(v.matches("[^\",\r\n]*") ? v : "\"" + v.replace("\"", "\"\"") + "\"");
        }
        return line.append("\r\n").toString();
    }
}
