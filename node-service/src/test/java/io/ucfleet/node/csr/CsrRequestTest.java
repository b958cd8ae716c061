package io.ucfleet.node.csr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/** The Expressway CSR form's Email: an emailAddress an IA5String can hold, or none. */
class CsrRequestTest {
    private static final CsrRequest SERVER = CsrRequest.of("server", null, null, null, null, null, null, null, null, null,
            null, null);

    @ParameterizedTest(name = "\"{0}\" is kept as \"{1}\"")
    @CsvSource(delimiter = '|', value = {"pki@example.com | pki@example.com", "' pki+vcs@corp.example.com ' | pki+vcs@corp.example.com"})
    void anAddressIsKeptStripped(String given, String kept) {
        assertEquals(kept, SERVER.withEmail(given).email());
    }

    @ParameterizedTest(name = "blank \"{0}\" means none")
    @ValueSource(strings = {"", "  "})
    void blankMeansNone(String given) {
        assertNull(SERVER.withEmail(given).email());
    }

    @ParameterizedTest(name = "\"{0}\" is refused")
    @ValueSource(strings = {"not an address", "pki", "pki@@example.com", "pkï@example.com", "a b@example.com"})
    void whatIsNotAnAddressIsA400NamingEmail(String given) {
        DomainProblem refused = assertThrows(DomainProblem.class, () -> SERVER.withEmail(given));
        assertEquals(ProblemType.INVALID_REQUEST, refused.type());
        assertEquals(true, refused.detail().contains("\"Email\""), refused.detail());
    }
}
