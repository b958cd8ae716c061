package io.ucfleet.node.csr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.ucfleet.node.profile.IdentityProfile;
import io.ucfleet.node.profile.KeyAlgorithm;

/** One row per lint rule: the input, the code it raises and whether it warns or refuses. */
class CsrLintTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "ok                          | cucm.example.com   | Acme     | US  | 2048 | false | -                      | -",
            "ampersand in O              | cucm.example.com   | A & B    | US  | 2048 | false | special-characters     | WARNING",
            "at sign in O                | cucm.example.com   | a@b      | US  | 2048 | false | special-characters     | WARNING",
            "IPv4 address as CN          | 10.1.2.3           | Acme     | US  | 2048 | false | ip-address-common-name | WARNING",
            "IPv6 address as CN          | fe80::1            | Acme     | US  | 2048 | false | ip-address-common-name | WARNING",
            "wildcard CN (release 15)    | *.example.com      | Acme     | US  | 2048 | false | wildcard-common-name   | REFUSAL",
            "wildcard CN on Expressway   | *.example.com      | Acme     | US  | 2048 | true  | wildcard-common-name   | REFUSAL",
            "wildcard not leftmost       | a.*.example.com    | Acme     | US  | 2048 | false | wildcard-common-name   | REFUSAL",
            "RSA 8192                    | cucm.example.com   | Acme     | US  | 8192 | false | key-too-large          | REFUSAL",
            "three-letter country        | cucm.example.com   | Acme     | USA | 2048 | false | country-code           | REFUSAL",
            "empty CN                    | ' '                | Acme     | US  | 2048 | false | common-name-required   | REFUSAL"})
    void findings(String name, String cn, String organization, String country, int keySize, boolean expressway, String code,
            String severity) {
        var plan = new CsrPlan(IdentityProfile.TOMCAT, Distribution.THIS_SERVER,
                new CsrPlan.Subject(cn, "UC", organization, "Austin", "TX", country), KeyAlgorithm.RSA, keySize,
                HashAlgorithm.SHA256, List.of(), List.of(), expressway);
        var findings = CsrLint.findings(plan);
        if (code == null) {
            assertEquals(List.of(), findings);
        } else {
            assertEquals(1, findings.size(), findings.toString());
            assertEquals(code, findings.get(0).code());
            assertEquals(CsrLint.Severity.valueOf(severity), findings.get(0).severity());
        }
    }
}
