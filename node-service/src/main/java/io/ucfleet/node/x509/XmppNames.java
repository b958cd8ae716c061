package io.ucfleet.node.x509;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.OtherName;

/**
 * The XMPP identifiers of a SAN (seed 001's identifier fields, RFC 6120 §13.7.1.4): otherName
 * id-on-xmppAddr (a UTF8String JID) and id-on-dnsSRV, SRVName (RFC 4985, an IA5String such as
 * {@code _xmpp-client.example.com}). Shown as OpenSSL 3 prints them.
 */
public final class XmppNames {
    public static final ASN1ObjectIdentifier ID_ON_XMPP_ADDR = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.8.5");
    public static final ASN1ObjectIdentifier ID_ON_DNS_SRV = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.8.7");

    private XmppNames() {
    }

    public static GeneralName xmppAddr(String jid) {
        return new GeneralName(GeneralName.otherName, new OtherName(ID_ON_XMPP_ADDR, new DERUTF8String(jid)));
    }

    public static GeneralName srvName(String name) {
        return new GeneralName(GeneralName.otherName, new OtherName(ID_ON_DNS_SRV, new DERIA5String(name)));
    }

    /** {@code othername: XmppAddr::example.com}, {@code othername: SRVName::_xmpp-server.example.com}, else the OID. */
    public static String describe(GeneralName name) {
        try {
            OtherName other = OtherName.getInstance(name.getName());
            String value = other.getValue() instanceof ASN1String s ? s.getString() : "<unsupported>";
            if (ID_ON_XMPP_ADDR.equals(other.getTypeID())) {
                return "othername: XmppAddr::" + value;
            }
            if (ID_ON_DNS_SRV.equals(other.getTypeID())) {
                return "othername: SRVName::" + value;
            }
            return "othername: " + other.getTypeID().getId() + "::" + value;
        } catch (IllegalArgumentException e) {
            return "othername: <unsupported>";
        }
    }
}
