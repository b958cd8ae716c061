package io.ucfleet.labca.revocation;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.ucfleet.labca.authority.Authorities;
import io.ucfleet.labca.authority.Authority;
import io.ucfleet.labca.authority.Hierarchy;
import io.ucfleet.labca.authority.Tier;
import io.ucfleet.labca.x509.Pem;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * The public files of a hierarchy, by their name under {@code /pki/<hierarchy>/}: {@code
 * <tier>.crl} (DER) and {@code .crl.pem}, {@code .crl.zip}, {@code .crl.gz}; {@code <tier>.crt}
 * (DER, the AIA caIssuers target), {@code <tier>.pem}; {@code chain.pem} (issuing CA first, root last).
 */
@ApplicationScoped
public class Publication {
    @Inject
    Authorities authorities;
    @Inject
    Crls crls;

    public record File(byte[] content, String mediaType, String fileName) {
    }

    public File file(String hierarchy, String name) {
        if (name.equals("chain.pem")) {
            Hierarchy h = authorities.hierarchy(hierarchy);
            StringBuilder chain = new StringBuilder();
            h.chain().forEach(a -> chain.append(Pem.certificate(a.certificateDer())));
            return new File(chain.toString().getBytes(StandardCharsets.US_ASCII), "application/x-pem-file", "chain.pem");
        }
        int crl = name.indexOf(".crl");
        if (crl > 0) {
            Tier tier = tier(name.substring(0, crl));
            CrlFormat format = CrlFormat.bySuffix(name.substring(crl + 4)).orElseThrow(Publication::noSuchFile);
            byte[] der = crls.current(hierarchy, tier).der();
            return new File(format.encode(der, tier.id() + ".crl"), format.mediaType, name);
        }
        int dot = name.lastIndexOf('.');
        if (dot > 0 && (name.endsWith(".crt") || name.endsWith(".pem"))) {
            Authority a = authority(hierarchy, tier(name.substring(0, dot)));
            return name.endsWith(".crt") ? new File(a.certificateDer(), "application/pkix-cert", name)
                    : new File(Pem.certificate(a.certificateDer()).getBytes(StandardCharsets.US_ASCII), "application/x-pem-file",
                            name);
        }
        throw noSuchFile();
    }

    private Authority authority(String hierarchy, Tier tier) {
        return authorities.hierarchy(hierarchy).tier(tier).orElseThrow(() -> new DomainProblem(ProblemType.UNKNOWN_AUTHORITY,
                "The hierarchy \"" + hierarchy + "\" has no " + tier.id() + " CA.", Map.of("hierarchy", hierarchy)));
    }

    private static Tier tier(String id) {
        return Tier.byId(id).orElseThrow(Publication::noSuchFile);
    }

    private static DomainProblem noSuchFile() {
        return new DomainProblem(ProblemType.FILE_NOT_FOUND, "No such file: a hierarchy serves root.crl, intermediate.crl"
                + " (and .crl.pem, .crl.zip, .crl.gz), root.crt, intermediate.crt, root.pem, intermediate.pem, chain.pem and ocsp.");
    }
}
