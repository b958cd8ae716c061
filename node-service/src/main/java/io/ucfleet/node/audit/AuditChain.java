package io.ucfleet.node.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * The audit log's hash chain: an entry's hash is SHA-256 over its predecessor's hash and its own
 * fields, each length-prefixed (so no two entries encode alike), so changing, deleting or
 * reordering an entry breaks every link after it. Pure; {@link AuditLog} writes and reads it.
 */
public final class AuditChain {
    /** The predecessor of the first entry ever written. */
    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {
    }

    /** An entry's fields as hashed; {@code at} in PostgreSQL's precision (microseconds). */
    public record Link(long id, Instant at, String userId, String clientAddress, String via, String eventType, String resource,
            String status, String detail, String subject, String before, String after, String origin, String prevHash,
            String entryHash) {
    }

    /**
     * The change's own fields (subject, before, after, origin: V17) follow only when one of them
     * is set, so the entries of requests, and every entry written before V17, hash as they did.
     */
    public static String hash(String prevHash, long id, Instant at, String userId, String clientAddress, String via,
            String eventType, String resource, String status, String detail, String subject, String before, String after,
            String origin) {
        StringBuilder canonical = new StringBuilder();
        List<String> fields = new ArrayList<>(Arrays.asList(prevHash, Long.toString(id), at.toString(), userId, clientAddress,
                via, eventType, resource, status, detail));
        if (subject != null || before != null || after != null || origin != null) {
            fields.addAll(Arrays.asList(subject, before, after, origin));
        }
        for (String field : fields) {
            String value = field == null ? "" : field;
            canonical.append(value.length()).append(':').append(value).append('\n');
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.toString()
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hash(Link l) {
        return hash(l.prevHash(), l.id(), l.at(), l.userId(), l.clientAddress(), l.via(), l.eventType(), l.resource(), l.status(),
                l.detail(), l.subject(), l.before(), l.after(), l.origin());
    }

    /**
     * What a verification found: {@code verified}, how many entries it checked, from which id to
     * which; when broken, the first entry where the chain breaks and why.
     */
    public record Verification(boolean verified, long entries, Long firstId, Long lastId, Long brokenAt, String problem) {
    }

    /** Walks the chained entries in id order from the anchor; the newest must be the recorded head. */
    public static Verification verify(Iterator<Link> links, String anchorHash, Long headId, String headHash) {
        String expectedPrev = anchorHash;
        long count = 0;
        Long first = null;
        Long last = null;
        while (links.hasNext()) {
            Link l = links.next();
            if (first == null) {
                first = l.id();
            }
            if (!l.prevHash().equals(expectedPrev)) {
                return new Verification(false, count, first, last, l.id(), last == null
                        ? "entry " + l.id() + " does not follow the chain's anchor: older entries were deleted"
                        : "entry " + l.id() + " does not follow entry " + last + ": an entry between them was deleted or changed");
            }
            if (!hash(l).equals(l.entryHash())) {
                return new Verification(false, count, first, last, l.id(), "entry " + l.id()
                        + " was changed after it was written (its hash does not match its fields)");
            }
            expectedPrev = l.entryHash();
            last = l.id();
            count++;
        }
        if (!java.util.Objects.equals(last, headId) || !expectedPrev.equals(headHash)) {
            return new Verification(false, count, first, last, last, headId == null
                    ? "the chain records no entry, yet entries are chained"
                    : "the newest entry recorded is " + headId + ", but the chain ends at " + (last == null ? "no entry" : "entry "
                            + last) + ": newer entries were deleted or changed");
        }
        return new Verification(true, count, first, last, null, null);
    }
}
