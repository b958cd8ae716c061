package io.ucfleet.node.xmpp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The XMPP stream of one connection, as far as a certificate is concerned (RFC 6120 §4, §5):
 * the initial stream header, STARTTLS (required, as Cisco XCP requires it), and the stream
 * restarted over TLS. Past that the simulated node has nothing to say: the first stanza gets a
 * {@code policy-violation} stream error. Pure, so the same rules are tested without sockets; the
 * listener feeds it what arrives and carries out the steps it returns.
 */
final class XmppNegotiation {
    static final String STREAMS_NS = "http://etherx.jabber.org/streams";
    static final String TLS_NS = "urn:ietf:params:xml:ns:xmpp-tls";
    static final String ERRORS_NS = "urn:ietf:params:xml:ns:xmpp-streams";

    /** What the listener does next. */
    sealed interface Step {
    }

    /** Write this text. */
    record Send(String text) implements Step {
    }

    /** Write {@code <proceed/>}, then start the TLS handshake as the server. */
    record StartTls(String proceed) implements Step {
    }

    /** Write this text (a stream error and the stream's close), then close the connection. */
    record Close(String text) implements Step {
    }

    private static final Pattern ATTRIBUTE = Pattern.compile("([A-Za-z_][\\w:.-]*)\\s*=\\s*(['\"])(.*?)\\2", Pattern.DOTALL);

    private final XmppPort port;
    private final String domain;
    private final int maxPending;
    private final String streamId;
    private final StringBuilder pending = new StringBuilder();
    private boolean headerSent;
    private boolean streamOpen;
    private boolean secured;
    private boolean upgrading;
    private boolean closed;

    /** {@code domain}: the XMPP domain served; {@code maxPending}: longest unfinished element kept, in characters. */
    XmppNegotiation(XmppPort port, String domain, int maxPending, String streamId) {
        this.port = port;
        this.domain = domain.toLowerCase(Locale.ROOT);
        this.maxPending = maxPending;
        this.streamId = streamId;
    }

    boolean secured() {
        return secured;
    }

    /** Characters kept between reads (an unfinished element): at most {@code maxPending} after every {@link #received}. */
    int pendingLength() {
        return pending.length();
    }

    /** The TLS handshake completed: the client now sends a new stream header (RFC 6120 §5.4.3.3). */
    void tlsEstablished() {
        upgrading = false;
        secured = true;
        streamOpen = false;
        headerSent = false;
    }

    /** Text received (ISO-8859-1 decoded: every token that matters is ASCII, and no character is split across reads). */
    List<Step> received(String text) {
        List<Step> steps = new ArrayList<>();
        if (closed || upgrading) {
            return steps; // after <proceed/> the next bytes are TLS, read by the TLS layer
        }
        pending.append(text);
        while (!closed && !upgrading) {
            int before = pending.length();
            Step step = next();
            if (step != null) {
                steps.add(step);
                closed = step instanceof Close;
                upgrading = step instanceof StartTls;
            } else if (pending.length() == before) {
                break; // an unfinished element: wait for more
            }
        }
        if (!closed && !upgrading && pending.length() > maxPending) {
            steps.add(error("policy-violation", "an element longer than " + maxPending + " characters"));
            closed = true;
        }
        return steps;
    }

    /** One step from the front of {@code pending}, or null when nothing complete is there (whitespace may be consumed). */
    private Step next() {
        int start = 0;
        while (start < pending.length() && Character.isWhitespace(pending.charAt(start))) {
            start++;
        }
        pending.delete(0, start);
        if (pending.isEmpty()) {
            return null;
        }
        if (pending.charAt(0) != '<') {
            return error("not-well-formed", "text outside an element");
        }
        if (startsWith("<?")) {
            int end = pending.indexOf("?>");
            if (end >= 0) {
                pending.delete(0, end + 2); // the XML declaration
            }
            return null;
        }
        if (startsWith("</")) {
            int end = pending.indexOf(">");
            if (end < 0) {
                return null;
            }
            String name = pending.substring(2, end).strip();
            pending.delete(0, end + 1);
            if (streamOpen && name.equals("stream:stream")) {
                return new Close(header() + "</stream:stream>");
            }
            return error("not-well-formed", "a closing </" + name + "> without its element");
        }
        int end = tagEnd();
        if (end < 0) {
            return null;
        }
        String tag = pending.substring(1, end);
        boolean empty = tag.endsWith("/");
        if (empty) {
            tag = tag.substring(0, tag.length() - 1);
        }
        String name = tag.split("[\\s/]", 2)[0];
        Map<String, String> attributes = attributes(tag.substring(name.length()));
        if (!streamOpen) {
            pending.delete(0, end + 1);
            return openStream(name, attributes);
        }
        if (secured) {
            return error("policy-violation", "this simulated IM and Presence node stops after the TLS handshake: it offers no"
                    + " authentication and takes no stanzas");
        }
        if (name.equals("starttls")) {
            if (!empty && pending.indexOf("</starttls>", end) < 0) {
                return null;
            }
            pending.setLength(0);
            if (!TLS_NS.equals(attributes.get("xmlns"))) {
                return new Close("<failure xmlns='" + TLS_NS + "'/></stream:stream>");
            }
            return new StartTls("<proceed xmlns='" + TLS_NS + "'/>");
        }
        return error("policy-violation", "STARTTLS is required before <" + name + ">");
    }

    private Step openStream(String name, Map<String, String> attributes) {
        if (!name.equals("stream:stream") || !STREAMS_NS.equals(attributes.get("xmlns:stream"))) {
            return error("invalid-namespace", "the stream must open with <stream:stream xmlns:stream='" + STREAMS_NS + "'>");
        }
        if (!port.namespace.equals(attributes.get("xmlns"))) {
            return error("invalid-namespace", "the " + port.description + " port speaks " + port.namespace + ", not "
                    + attributes.getOrDefault("xmlns", "no namespace"));
        }
        String to = attributes.get("to");
        // RFC 6120 §4.7.2: without 'to' the receiving entity may use its default domain
        if (to != null && !to.strip().toLowerCase(Locale.ROOT).equals(domain)) {
            return error("host-unknown", "this node serves the XMPP domain " + domain + ", not " + to);
        }
        streamOpen = true;
        String features = secured ? "<stream:features/>"
                : "<stream:features><starttls xmlns='" + TLS_NS + "'><required/></starttls></stream:features>";
        return new Send(header() + features);
    }

    /** Our stream header, once per stream; an error before it still needs it (RFC 6120 §4.9.1.2). */
    private String header() {
        if (headerSent) {
            return "";
        }
        headerSent = true;
        return "<?xml version='1.0'?><stream:stream xmlns='" + port.namespace + "' xmlns:stream='" + STREAMS_NS + "' id='"
                + streamId + "' from='" + domain + "' version='1.0' xml:lang='en'>";
    }

    private Close error(String condition, String text) {
        pending.setLength(0);
        return new Close(header() + "<stream:error><" + condition + " xmlns='" + ERRORS_NS + "'/><text xmlns='" + ERRORS_NS
                + "'>" + escape(text) + "</text></stream:error></stream:stream>");
    }

    /** Index of the '>' that ends the start tag at the front, outside quoted values; -1 if not there yet. */
    private int tagEnd() {
        char quote = 0;
        for (int i = 1; i < pending.length(); i++) {
            char c = pending.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '>') {
                return i;
            }
        }
        return -1;
    }

    private boolean startsWith(String prefix) {
        return pending.length() >= prefix.length() && pending.substring(0, prefix.length()).equals(prefix);
    }

    private static Map<String, String> attributes(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = ATTRIBUTE.matcher(text);
        while (m.find()) {
            out.putIfAbsent(m.group(1), m.group(3));
        }
        return out;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;");
    }
}
