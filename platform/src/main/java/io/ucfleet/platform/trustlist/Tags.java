package io.ucfleet.platform.trustlist;

import java.util.Map;

/**
 * Tag numbers (ctl-format.md §1.3, §1.4). Header and record tags are separate namespaces.
 * Names are Cisco's {@code show ctl} names, misspellings included.
 */
public final class Tags {
    private Tags() {
    }

    public static final int H_VERSION = 1;
    public static final int H_HEADER_LENGTH = 2;
    public static final int H_SIGNER_ID = 3;
    public static final int H_SIGNER_NAME = 4;
    public static final int H_SERIAL_NUMBER = 5;
    public static final int H_CA_NAME = 6;
    public static final int H_SIGNATURE_INFO = 7;
    public static final int H_DIGEST_ALGORITHM = 8;
    public static final int H_SIGNATURE_ALGO_INFO = 9;
    public static final int H_SIGNATURE_ALGORITHM = 10;
    public static final int H_SIGNATURE_MODULUS = 11;
    public static final int H_SIGNATURE = 12;
    /** One byte with no length field. */
    public static final int H_PADDING = 13;
    public static final int H_FILENAME = 14;
    public static final int H_TIMESTAMP = 15;
    public static final int H_SIGNER_VERSION = 28;

    public static final int R_RECORD_LENGTH = 1;
    public static final int R_DNS_NAME = 2;
    public static final int R_SUBJECT_NAME = 3;
    public static final int R_FUNCTION = 4;
    public static final int R_ISSUER_NAME = 5;
    public static final int R_SERIAL_NUMBER = 6;
    public static final int R_PUBLIC_KEY = 7;
    public static final int R_SIGNATURE = 8;
    public static final int R_CERTIFICATE = 9;
    public static final int R_IP_ADDRESS = 10;
    public static final int R_CERTIFICATE_HASH = 11;
    public static final int R_HASH_ALGORITHM = 12;

    /** Containers hold nested elements and no value of their own. */
    public static boolean isHeaderContainer(int tag) {
        return tag == H_SIGNER_ID || tag == H_SIGNATURE_INFO || tag == H_SIGNATURE_ALGO_INFO;
    }

    public static final Map<Integer, String> HEADER_NAMES = Map.ofEntries(Map.entry(H_VERSION, "VERSION"),
            Map.entry(H_HEADER_LENGTH, "HEADERLENGTH"), Map.entry(H_SIGNER_ID, "SIGNERID"),
            Map.entry(H_SIGNER_NAME, "SIGNERNAME"), Map.entry(H_SERIAL_NUMBER, "SERIALNUMBER"),
            Map.entry(H_CA_NAME, "CANAME"), Map.entry(H_SIGNATURE_INFO, "SIGNATUREINFO"),
            Map.entry(H_DIGEST_ALGORITHM, "DIGESTALGORTITHM"), Map.entry(H_SIGNATURE_ALGO_INFO, "SIGNATUREALGOINFO"),
            Map.entry(H_SIGNATURE_ALGORITHM, "SIGNATUREALGORTITHM"), Map.entry(H_SIGNATURE_MODULUS, "SIGNATUREMODULUS"),
            Map.entry(H_SIGNATURE, "SIGNATURE"), Map.entry(H_FILENAME, "FILENAME"), Map.entry(H_TIMESTAMP, "TIMESTAMP"),
            Map.entry(H_SIGNER_VERSION, "SIGNERVERSION"));

    public static final Map<Integer, String> RECORD_NAMES = Map.ofEntries(Map.entry(R_RECORD_LENGTH, "RECORDLENGTH"),
            Map.entry(R_DNS_NAME, "DNSNAME"), Map.entry(R_SUBJECT_NAME, "SUBJECTNAME"), Map.entry(R_FUNCTION, "FUNCTION"),
            Map.entry(R_ISSUER_NAME, "ISSUERNAME"), Map.entry(R_SERIAL_NUMBER, "SERIALNUMBER"),
            Map.entry(R_PUBLIC_KEY, "PUBLICKEY"), Map.entry(R_SIGNATURE, "SIGNATURE"),
            Map.entry(R_CERTIFICATE, "CERTIFICATE"), Map.entry(R_IP_ADDRESS, "IPADDRESS"),
            Map.entry(R_CERTIFICATE_HASH, "CERTIFICATEHASH"), Map.entry(R_HASH_ALGORITHM, "HASHALGORITHM"));
}
