package io.ucfleet.node.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The stream rules of RFC 6120 the XMPP ports follow, byte by byte as clients send them. */
class XmppNegotiationTest {
    /** What {@code openssl s_client -starttls xmpp -xmpphost example.com} sends. */
    private static final String OPENSSL_HEADER = "<stream:stream xmlns:stream='http://etherx.jabber.org/streams'"
            + " xmlns='jabber:client' to='example.com' version='1.0'>";

    private final XmppNegotiation c2s = new XmppNegotiation(XmppPort.CLIENT_TO_SERVER, "Example.COM", 8192, "s1");

    @Test
    void aClientGetsStartTlsRequiredThenProceedThenAStreamWithoutFeaturesOverTls() {
        List<XmppNegotiation.Step> first = c2s.received("<?xml version='1.0'?>" + OPENSSL_HEADER);
        assertEquals(1, first.size());
        String reply = ((XmppNegotiation.Send) first.get(0)).text();
        assertTrue(reply.contains("from='example.com'") && reply.contains("xmlns='jabber:client'"), reply);
        assertTrue(reply.contains("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>"), reply);

        List<XmppNegotiation.Step> proceed = c2s.received("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        assertEquals(List.of(new XmppNegotiation.StartTls("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")), proceed);
        // bytes that arrive before the TLS layer takes over are not XMPP
        assertEquals(List.of(), c2s.received("\u0016\u0003\u0001"));

        c2s.tlsEstablished();
        String restarted = ((XmppNegotiation.Send) c2s.received(OPENSSL_HEADER).get(0)).text();
        assertTrue(restarted.startsWith("<?xml version='1.0'?><stream:stream") && restarted.endsWith("<stream:features/>"),
                restarted);
        var stanza = c2s.received("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGEAYg==</auth>");
        String error = assertInstanceOf(XmppNegotiation.Close.class, stanza.get(0)).text();
        assertTrue(error.contains("<policy-violation") && error.endsWith("</stream:stream>"), error);
    }

    @Test
    void elementsSplitAcrossReadsAreWaitedFor() {
        assertEquals(List.of(), c2s.received("<?xml version='1.0'?><stream:stream xmlns:stream='http://etherx"));
        assertEquals(List.of(), c2s.received(".jabber.org/streams' xmlns='jabber:client' to='example.com' "));
        assertInstanceOf(XmppNegotiation.Send.class, c2s.received("version='1.0'>\n").get(0));
        assertEquals(List.of(), c2s.received("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'>"));
        assertInstanceOf(XmppNegotiation.StartTls.class, c2s.received("</starttls>").get(0));
    }

    @Test
    void anotherDomainIsHostUnknownWithOurStreamHeaderFirst() {
        String error = close(c2s.received(OPENSSL_HEADER.replace("example.com", "127.0.0.1")));
        assertTrue(error.startsWith("<?xml version='1.0'?><stream:stream"), error);
        assertTrue(error.contains("<host-unknown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"), error);
        assertTrue(error.contains("serves the XMPP domain example.com, not 127.0.0.1"), error);
    }

    @Test
    void theServerPortSpeaksJabberServerAndTheClientPortJabberClient() {
        var s2s = new XmppNegotiation(XmppPort.SERVER_TO_SERVER, "example.com", 8192, "s2");
        assertTrue(close(s2s.received(OPENSSL_HEADER)).contains("<invalid-namespace"));
        var again = new XmppNegotiation(XmppPort.SERVER_TO_SERVER, "example.com", 8192, "s3");
        String reply = ((XmppNegotiation.Send) again.received(OPENSSL_HEADER.replace("jabber:client", "jabber:server")
                .replace("version", "xmlns:db='jabber:server:dialback' version")).get(0)).text();
        assertTrue(reply.contains("xmlns='jabber:server'") && reply.contains("<starttls"), reply);
    }

    @Test
    void aStanzaBeforeStartTlsIsAPolicyViolationAndAWrongStartTlsNamespaceAFailure() {
        c2s.received(OPENSSL_HEADER);
        assertTrue(close(c2s.received("<iq type='get' id='1'><query xmlns='jabber:iq:auth'/></iq>")).contains("STARTTLS is required"));
        var other = new XmppNegotiation(XmppPort.CLIENT_TO_SERVER, "example.com", 8192, "s4");
        other.received(OPENSSL_HEADER);
        assertEquals("<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:stream>",
                close(other.received("<starttls xmlns='urn:wrong'/>")));
    }

    @Test
    void garbageAndEndlessElementsCloseTheStream() {
        assertTrue(close(c2s.received("GET / HTTP/1.1\r\n")).contains("<not-well-formed"));
        var endless = new XmppNegotiation(XmppPort.CLIENT_TO_SERVER, "example.com", 100, "s5");
        assertTrue(close(endless.received("<stream:stream " + "a".repeat(200))).contains("longer than 100"));
        var quoted = new XmppNegotiation(XmppPort.CLIENT_TO_SERVER, "example.com", 8192, "s6");
        // a '>' inside a quoted value does not end the tag; markup in an error text is escaped
        String error = close(quoted.received(OPENSSL_HEADER.replace("example.com", "<a>b")));
        assertTrue(error.contains("not &lt;a&gt;b</text>"), error);
    }

    @Test
    void theClientClosingItsStreamClosesOurs() {
        c2s.received(OPENSSL_HEADER);
        assertTrue(close(c2s.received("</stream:stream>")).endsWith("</stream:stream>"));
    }

    private static String close(List<XmppNegotiation.Step> steps) {
        assertEquals(1, steps.size(), steps.toString());
        return assertInstanceOf(XmppNegotiation.Close.class, steps.get(0)).text();
    }
}
