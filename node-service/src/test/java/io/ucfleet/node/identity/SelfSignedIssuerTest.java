package io.ucfleet.node.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SelfSignedIssuerTest {

    @Test
    void ecTwinsAreNamedAfterTheHost() {
        assertEquals("cucm-pub-EC.example.com", SelfSignedIssuer.ecName("cucm-pub.example.com"));
        assertEquals("cucm-EC", SelfSignedIssuer.ecName("cucm"));
    }
}
