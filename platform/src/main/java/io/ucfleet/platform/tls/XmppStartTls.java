package io.ucfleet.platform.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The XMPP STARTTLS preamble (RFC 6120 §5.4) before the handshake: the initial stream header to
 * the XMPP domain, the server's features (which must offer {@code urn:ietf:params:xml:ns:xmpp-tls}),
 * {@code <starttls/>}, and {@code <proceed/>}. Read byte by byte up to a bound (the server
 * writes nothing after {@code <proceed/>} until the ClientHello, so nothing of TLS is consumed);
 * the socket's timeout and the probe's watchdog bound the time.
 */
public final class XmppStartTls {
    static final String TLS_NS = "urn:ietf:params:xml:ns:xmpp-tls";
    private static final int MAX_PREAMBLE = 64 * 1024;

    private XmppStartTls() {
    }

    /**
     * The stream to open: the XMPP domain ({@code to}) and the stream's default namespace,
     * {@code jabber:client} (client to server) or {@code jabber:server} (server to server).
     */
    public record Stream(String domain, String namespace) {
    }

    /** A server that does not take STARTTLS as RFC 6120 says. */
    static final class Refused extends IOException {
        Refused(String message) {
            super(message);
        }
    }

    static void negotiate(Socket socket, Stream stream) throws IOException {
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        String header = "<?xml version='1.0'?><stream:stream to='" + xmlAttribute(stream.domain()) + "' xmlns='"
                + stream.namespace() + "' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>";
        out.write(header.getBytes(StandardCharsets.UTF_8));
        out.flush();
        String features = readUntil(in, "</stream:features>", "<stream:features/>");
        if (!features.contains(TLS_NS)) {
            throw new Refused("the server's stream features do not offer STARTTLS (" + TLS_NS + ")");
        }
        out.write(("<starttls xmlns='" + TLS_NS + "'/>").getBytes(StandardCharsets.UTF_8));
        out.flush();
        String answer = readUntil(in, "<proceed", "<failure");
        if (answer.endsWith("<failure")) {
            throw new Refused("the server answered <starttls/> with <failure/>");
        }
        String rest = readUntil(in, "/>", "</proceed>");
        if (rest.contains("<")) {
            throw new Refused("the server's <proceed/> is malformed");
        }
    }

    /**
     * Reads until the text ends with one of the markers. A stream error, the end of the stream,
     * the end of input or more than 64 KiB without a marker is a {@link Refused}.
     */
    private static String readUntil(InputStream in, String... markers) throws IOException {
        StringBuilder text = new StringBuilder();
        while (text.length() < MAX_PREAMBLE) {
            int b = in.read();
            if (b < 0) {
                throw new Refused("the server closed the stream during the STARTTLS preamble" + seen(text));
            }
            text.append((char) b);
            for (String marker : markers) {
                if (text.length() >= marker.length() && text.lastIndexOf(marker) == text.length() - marker.length()) {
                    return text.toString();
                }
            }
            if (text.length() >= 14 && text.indexOf("</stream:stream>") >= 0) {
                throw new Refused("the server ended the stream" + seen(text));
            }
            if (text.indexOf("<stream:error") >= 0 && text.indexOf("</stream:error>") >= 0) {
                throw new Refused("the server sent a stream error" + seen(text));
            }
        }
        throw new Refused("the server sent " + MAX_PREAMBLE + " bytes without the expected element");
    }

    private static String seen(StringBuilder text) {
        String s = text.toString().replaceAll("[^\\x20-\\x7e]", "?");
        return s.isEmpty() ? "" : ": \"" + (s.length() > 160 ? s.substring(0, 160) + "..." : s) + "\"";
    }

    private static String xmlAttribute(String value) {
        return value.replace("&", "&amp;").replace("'", "&apos;").replace("<", "&lt;");
    }
}
