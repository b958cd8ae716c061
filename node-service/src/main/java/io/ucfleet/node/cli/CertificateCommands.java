package io.ucfleet.node.cli;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.ucfleet.node.certmgr.CertmgrViews;
import io.ucfleet.node.config.Node;
import io.ucfleet.node.config.Release;
import io.ucfleet.node.csr.CsrRequest;
import io.ucfleet.node.csr.CsrView;
import io.ucfleet.node.csr.Csrs;
import io.ucfleet.node.csr.PendingCsr;
import io.ucfleet.node.installation.CaSignedInstallation;
import io.ucfleet.node.profile.CiscoService;
import io.ucfleet.node.identity.Identities;
import io.ucfleet.node.profile.IdentityProfile;
import io.ucfleet.node.inventory.CertificateEntry;
import io.ucfleet.node.inventory.CertificateFinder;
import io.ucfleet.node.inventory.CertificateQuery;
import io.ucfleet.node.inventory.CertificateType;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;
import io.ucfleet.node.truststore.TrustDeletion;
import io.ucfleet.node.truststore.TrustImport;
import io.ucfleet.node.truststore.TrustStores;
import io.ucfleet.node.x509.Pem;

/**
 * {@code show cert ...}, {@code set cert ...}, {@code set csr gen} and {@code show csr ...}: the
 * same use cases as {@code /api/v1} and the certmgr API, printed as the platform CLI prints them.
 */
@ApplicationScoped
public class CertificateCommands {
    static final String PASTE_PROMPT = "Paste the Certificate and Hit Enter";

    @Inject
    Node node;
    @Inject
    Release release;
    @Inject
    Identities identities;
    @Inject
    CertificateFinder finder;
    @Inject
    TrustStores stores;
    @Inject
    TrustImport trustImport;
    @Inject
    TrustDeletion deletion;
    @Inject
    CaSignedInstallation installation;
    @Inject
    Csrs csrs;
    @Inject
    CertmgrViews certmgr;

    /** {@code show cert list own}. */
    void listOwn(Console console, Map<String, String> arguments) {
        for (CertificateEntry e : identities.currentAll()) {
            print(console, e.unit, "own", e.unit + ".pem", e);
        }
    }

    /** {@code show cert list trust}: every trust store, files named as the certmgr API names them. */
    void listTrust(Console console, Map<String, String> arguments) {
        for (CertificateEntry e : trustEntries(Optional.empty())) {
            print(console, e.unit, "trust", CertmgrViews.trustFileName(e), e);
        }
    }

    /** One certificate of a listing, in the format of the configured release. */
    void print(Console console, String unit, String type, String file, CertificateEntry e) {
        if (release.listsCertificatesAsBlocks()) {
            console.println("Unit: " + unit);
            console.println("Type: " + type);
            console.println("Name: " + file);
            console.println("Issuer: " + e.issuerCommonName);
            console.println("Expires: " + CertificateText.DATE.format(e.notAfter));
            console.println("");
        } else {
            console.println(unit + "/" + file + ": " + description(e));
        }
    }

    private static String description(CertificateEntry e) {
        return e.type == CertificateType.CA_SIGNED ? "Certificate Signed by " + e.issuerCommonName : e.description;
    }

    /** {@code show cert own tomcat} or {@code show cert own tomcat/tomcat.pem}: decoded, then the PEM. */
    void showOwn(Console console, Map<String, String> arguments) {
        String unit = identityUnit(arguments.get("unit"), ".pem");
        CertificateEntry e = identities.current(unit);
        CertificateText.lines(e.holder()).forEach(console::println);
        console.println(Pem.certificate(e.der).strip());
    }

    /** {@code show cert trust tomcat-trust/<file>.pem}: decoded, no PEM. */
    void showTrust(Console console, Map<String, String> arguments) {
        String[] path = arguments.get("file").split("/", 2);
        if (path.length != 2) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "Name the certificate as <trust store>/<file>.pem,"
                    + " as show cert list trust lists it.");
        }
        CertificateText.lines(trustFile(path[0], path[1]).holder()).forEach(console::println);
    }

    /** {@code set cert regen <unit>}: regeneration replaces a CA-signed certificate too, so it is confirmed. */
    void regenerate(Console console, Map<String, String> arguments) {
        IdentityProfile profile = identities.profile(arguments.get("unit"));
        console.println("WARNING: This operation will overwrite any CA signed certificate previously imported for "
                + profile.unit);
        if (!console.confirm("Proceed with regeneration (yes|no)? ", "yes")) {
            throw new Console.Abandoned("Regeneration cancelled; nothing changed.");
        }
        var result = identities.regenerate(profile.unit, Optional.empty());
        console.println("Successfully Regenerated Certificate for " + profile.unit + ".");
        console.println("You must restart services related to " + profile.unit
                + " for the regenerated certificates to become active.");
        restartReminder(console, result.servicesToRestart());
        if (result.ctlUpdateRequiredInMixedMode()) {
            console.println("If the cluster is in mixed mode, run utils ctl update CTLFile.");
        }
    }

    /** {@code set cert delete <store> <file>.pem}: trust certificates only, confirmed, never undone. */
    void delete(Console console, Map<String, String> arguments) {
        String store = arguments.get("store");
        String file = arguments.get("file");
        if (node.role().identity(store).isPresent()) {
            // The domain refuses identity certificates; ask it, so the refusal is its own.
            deletion.delete(store, identities.current(store).sha256, false);
        }
        CertificateEntry entry = trustFile(store, file);
        List<CertificateEntry> dependents = deletion.issuedBy(store, entry.sha256);
        if (!dependents.isEmpty()) {
            console.println("WARNING: " + entry.commonName + " issued " + dependents.size()
                    + " certificate(s) on this node; deleting it breaks their chain:");
            dependents.forEach(d -> console.println("  " + d.unit + ": " + d.commonName));
        }
        console.println("Deleting " + store + "/" + file + " cannot be undone.");
        if (!console.confirm("Proceed with the delete (yes|no)? ", "yes")) {
            throw new Console.Abandoned("Delete cancelled; nothing changed.");
        }
        deletion.delete(store, entry.sha256, true);
        console.println("Successfully deleted " + store + "/" + file + ".");
        restartReminder(console, stores.restartsAfterChange(store));
    }

    /** {@code set cert import trust <unit>}: {@code tomcat} and {@code tomcat-trust} both name tomcat-trust. */
    void importTrust(Console console, Map<String, String> arguments) {
        String unit = arguments.get("unit");
        String store = certmgr.trustStore(unit);
        byte[] pasted = console.paste(PASTE_PROMPT);
        TrustImport.Result result = trustImport.upload(store, pasted, null);
        if (result.imported().isEmpty() && !result.notUploaded().isEmpty()) {
            // Release 15's same-name rule: the store's certificate starts as late or later.
            console.println("Certificate not imported for " + unit + "; nothing changed.");
        } else {
            console.println("Successfully imported certificate for " + unit + ".");
            console.println(result.imported().isEmpty() ? "The certificate was already in " + store + "; nothing changed."
                    : "Please restart services related to " + unit + " for the new certificate to become active.");
        }
        result.warnings().forEach(w -> console.println("Warning: " + w.message()));
    }

    /**
     * {@code set cert import own <unit> [caCert]}: the CA-signed certificate for the pending CSR;
     * {@code caCert} names a CA already in the unit's trust store ({@code tomcat-trust/<file>.pem}
     * or just the file), sent along as its chain.
     */
    void importOwn(Console console, Map<String, String> arguments) {
        IdentityProfile profile = identities.profile(arguments.get("unit"));
        String chain = Optional.ofNullable(arguments.get("caCert")).map(ca -> {
            String[] path = ca.split("/", 2);
            String store = path.length == 2 ? path[0] : profile.trustStore().orElse(node.role().trustStores.get(0));
            return Pem.certificate(trustFile(store, path[path.length - 1]).der);
        }).orElse("");
        byte[] pasted = console.paste(PASTE_PROMPT);
        byte[] body = chain.isEmpty() ? pasted : (new String(pasted, StandardCharsets.UTF_8) + chain).getBytes(StandardCharsets.UTF_8);
        var result = installation.upload(profile.unit, body);
        console.println("Successfully imported certificate for " + profile.unit + ".");
        console.println("Please restart services related to " + profile.unit + " for the new certificate to become active.");
        result.warnings().forEach(w -> console.println("Warning: " + w.message()));
        restartReminder(console, result.servicesToRestart());
    }

    /** {@code set csr gen <unit>}: this-server CSR with the node's defaults; key generation runs on the CSR pool. */
    void generateCsr(Console console, Map<String, String> arguments) {
        var request = CsrRequest.of(arguments.get("unit"), null, null, null, null, null, null, null, null, null, null, null);
        var generated = csrs.generate(request).await().indefinitely();
        console.println("Successfully Generated CSR for " + generated.csr().unit + ".");
        generated.warnings().forEach(w -> console.println("Warning: " + w.message()));
    }

    /** {@code show csr own tomcat} or {@code show csr own tomcat/tomcat.csr}. */
    void showCsr(Console console, Map<String, String> arguments) {
        String unit = identityUnit(arguments.get("unit"), ".csr");
        console.println(CsrView.pem(csrs.pending(unit)).strip());
    }

    /** {@code show csr list own}: {@code tomcat/tomcat.csr} for every unit with a pending CSR. */
    void listCsrs(Console console, Map<String, String> arguments) {
        List<String> units = QuarkusTransaction.requiringNew().call(() -> node.role().identities.stream()
                .map(p -> p.unit).filter(u -> PendingCsr.findByUnit(u).isPresent()).toList());
        units.forEach(u -> console.println(u + "/" + u + ".csr"));
    }

    private static void restartReminder(Console console, List<CiscoService> services) {
        if (!services.isEmpty()) {
            console.println("Services to restart: " + String.join(", ", services.stream().map(s -> s.displayName).toList()));
        }
    }

    /** {@code tomcat} or {@code tomcat/tomcat.pem}: the file part must be the unit's own file. */
    private String identityUnit(String argument, String extension) {
        String[] path = argument.split("/", 2);
        if (path.length == 2 && !path[1].equals(path[0] + extension)) {
            throw new DomainProblem(ProblemType.UNKNOWN_IDENTITY, "\"" + argument + "\" is not a file of this node; the "
                    + path[0] + " file is " + path[0] + "/" + path[0] + extension + ".");
        }
        return path[0];
    }

    private CertificateEntry trustFile(String store, String file) {
        stores.requireTrustStore(store);
        return trustEntries(Optional.of(store)).stream().filter(e -> CertmgrViews.trustFileName(e).equals(file)).findFirst()
                .orElseThrow(() -> new DomainProblem(ProblemType.CERTIFICATE_NOT_FOUND, store + " holds no file \"" + file
                        + "\"; show cert list trust lists the files."));
    }

    /** Trust certificates of one store or all, through the certificate finder, page by page. */
    private List<CertificateEntry> trustEntries(Optional<String> store) {
        List<CertificateEntry> all = new ArrayList<>();
        for (int page = 0;; page++) {
            var result = finder.find(CertificateQuery.of(null, null, null, null, "trust", store.orElse(null),
                    String.valueOf(page), String.valueOf(CertificateQuery.MAX_PAGE_SIZE), CertificateQuery.MAX_PAGE_SIZE));
            all.addAll(result.items());
            if ((long) (page + 1) * result.size() >= result.total()) {
                return all;
            }
        }
    }
}
