package io.ucfleet.ctl.serving;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The TFTP packets the server reads from a client (RFC 1350, with RFC 2347 options), parsed
 * without trusting a byte: any datagram is either a {@link ReadRequest}, a {@link Refusal} (the
 * error code and message to answer with), or {@link Ignored} (nothing worth an answer: a stray
 * ACK, DATA or ERROR on the server port, which RFC 1350 answers with nothing, so the port never
 * reflects traffic that is not a request). Pure.
 */
public final class TftpPacket {
    public static final int RRQ = 1;
    public static final int WRQ = 2;
    public static final int DATA = 3;
    public static final int ACK = 4;
    public static final int ERROR = 5;
    public static final int OACK = 6;
    /** Longest file name or option we read; Cisco's longest names (ITLSEP&lt;MAC&gt;.tlv) are far shorter. */
    static final int MAX_FIELD = 255;
    /** At most this many options are read (RFC 2347 names four in use). */
    static final int MAX_OPTIONS = 8;

    private TftpPacket() {
    }

    /** What a datagram on the server port asks for. */
    public sealed interface Parsed permits ReadRequest, Refusal, Ignored {
    }

    /** A read request in octet mode; option names are lower case, values as sent. */
    public record ReadRequest(String fileName, Map<String, String> options) implements Parsed {
    }

    /** A request answered with an ERROR packet (RFC 1350 codes). */
    public record Refusal(int code, String message) implements Parsed {
    }

    /** Not a request: no answer at all. */
    public record Ignored(String why) implements Parsed {
    }

    public static Parsed parse(byte[] packet, int length) {
        if (packet == null || length < 2 || length > packet.length) {
            return new Ignored("shorter than an opcode");
        }
        int opcode = ((packet[0] & 0xFF) << 8) | (packet[1] & 0xFF);
        switch (opcode) {
            case RRQ:
                break;
            case WRQ:
                return new Refusal(2, "Access violation: this server is read-only");
            case DATA, ACK, ERROR, OACK:
                return new Ignored("opcode " + opcode + " outside a transfer");
            default:
                return new Ignored("unknown opcode " + opcode);
        }
        java.util.List<String> fields = new java.util.ArrayList<>();
        int start = 2;
        for (int i = 2; i < length; i++) {
            if (packet[i] == 0) {
                if (i - start > MAX_FIELD) {
                    return new Refusal(4, "Malformed read request: a field is longer than " + MAX_FIELD + " bytes");
                }
                fields.add(new String(packet, start, i - start, StandardCharsets.US_ASCII));
                start = i + 1;
                if (fields.size() > 2 + 2 * MAX_OPTIONS) {
                    return new Refusal(4, "Malformed read request: too many options");
                }
            }
        }
        if (start != length || fields.size() < 2) {
            return new Refusal(4, "Malformed read request: file name and mode must end with a NUL byte");
        }
        String name = fields.get(0);
        if (name.isEmpty() || !name.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            return new Refusal(1, "File not found");
        }
        if (!"octet".equals(fields.get(1).toLowerCase(Locale.ROOT))) {
            return new Refusal(0, "Only octet mode is served");
        }
        if (fields.size() % 2 != 0) {
            return new Refusal(8, "Malformed options: an option without a value");
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 2; i < fields.size(); i += 2) {
            options.putIfAbsent(fields.get(i).toLowerCase(Locale.ROOT), fields.get(i + 1));
        }
        return new ReadRequest(name, Map.copyOf(options));
    }

    /** The options this server takes (RFC 2348 blksize, RFC 2349 timeout and tsize), as its OACK answers them. */
    public record Negotiated(int blockSize, int timeoutSeconds, boolean tsize, Map<String, String> acknowledged) {
        public static final Negotiated NONE = new Negotiated(512, 0, false, Map.of());
    }

    /**
     * The options of a request this server honours: {@code blksize} 8..65464 (capped at
     * {@code maxBlock}), {@code timeout} 1..{@code maxTimeout} seconds, {@code tsize} (of a non-empty file); any other
     * option or value out of range is left out of the OACK, which RFC 2347 says means "not taken".
     */
    public static Negotiated negotiate(Map<String, String> options, int maxBlock, int maxTimeout, long fileLength) {
        Map<String, String> ack = new LinkedHashMap<>();
        int block = 512;
        int timeout = 0;
        boolean tsize = false;
        Integer asked = number(options.get("blksize"));
        if (asked != null && asked >= 8 && asked <= 65464) {
            block = Math.min(asked, maxBlock);
            ack.put("blksize", String.valueOf(block));
        }
        Integer seconds = number(options.get("timeout"));
        if (seconds != null && seconds >= 1 && seconds <= maxTimeout) {
            timeout = seconds;
            ack.put("timeout", String.valueOf(seconds));
        }
        // tsize 0 is left out: curl takes "0" in an OACK for an invalid size and gives up.
        if (options.containsKey("tsize") && fileLength > 0) {
            tsize = true;
            ack.put("tsize", String.valueOf(fileLength));
        }
        return ack.isEmpty() ? Negotiated.NONE : new Negotiated(block, timeout, tsize, Map.copyOf(ack));
    }

    private static Integer number(String value) {
        if (value == null || value.isEmpty() || value.length() > 6 || !value.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Integer.valueOf(value);
    }

    static byte[] error(int code, String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ERROR);
        out.write(0);
        out.write(code);
        out.writeBytes(message.getBytes(StandardCharsets.US_ASCII));
        out.write(0);
        return out.toByteArray();
    }

    static byte[] oack(Map<String, String> acknowledged) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(OACK);
        acknowledged.forEach((k, v) -> {
            out.writeBytes(k.getBytes(StandardCharsets.US_ASCII));
            out.write(0);
            out.writeBytes(v.getBytes(StandardCharsets.US_ASCII));
            out.write(0);
        });
        return out.toByteArray();
    }
}
