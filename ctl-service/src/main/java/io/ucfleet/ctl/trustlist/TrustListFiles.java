package io.ucfleet.ctl.trustlist;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.ucfleet.ctl.CtlConfig;
import io.ucfleet.ctl.trustlist.TrustListStore.StoredFile;
import io.ucfleet.platform.cluster.TrustListKind;

/** The stored versions, and what TFTP and HTTP serve by name. */
@ApplicationScoped
public class TrustListFiles {

    @Inject
    TrustListStore store;
    @Inject
    TrustListBuilds builds;
    @Inject
    CtlConfig config;

    public List<FileInfo> versions(String kind) {
        return store.versions(kind.toUpperCase(Locale.ROOT)).stream().map(FileInfo::of).toList();
    }

    /**
     * What TFTP and HTTP serve: CTLFile.tlv; ITLFile.tlv (the publisher's ITL);
     * &lt;hostname&gt;/ITLFile.tlv (each TFTP node's); CTLSEP&lt;MAC&gt;.tlv and ITLSEP&lt;MAC&gt;.tlv
     * for configured devices (same content: FILENAME inside stays the generic name).
     */
    public Optional<byte[]> file(String requested) {
        String name = requested.startsWith("/") ? requested.substring(1) : requested;
        String upper = name.toUpperCase(Locale.ROOT);
        if (name.equalsIgnoreCase(TrustListKind.CTL.fileName) || (upper.startsWith("CTLSEP") && device(upper, "CTLSEP"))) {
            return store.latestCtl().map(StoredFile::content);
        }
        if (name.equalsIgnoreCase(TrustListKind.ITL.fileName) || (upper.startsWith("ITLSEP") && device(upper, "ITLSEP"))) {
            if (!builds.ensureItl()) {
                return Optional.empty();
            }
            return store.latestPublisherItl().map(StoredFile::content);
        }
        int slash = name.indexOf('/');
        if (slash > 0 && name.substring(slash + 1).equalsIgnoreCase(TrustListKind.ITL.fileName)) {
            return store.latestItl(name.substring(0, slash)).map(StoredFile::content);
        }
        return Optional.empty();
    }

    private boolean device(String upperName, String prefix) {
        if (!upperName.endsWith(".TLV")) {
            return false;
        }
        String mac = upperName.substring(prefix.length(), upperName.length() - 4);
        return mac.matches("[0-9A-F]{12}") && config.devices().orElse(List.of()).stream()
                .map(d -> d.trim().toUpperCase(Locale.ROOT).replaceFirst("^SEP", "")).anyMatch(mac::equals);
    }
}
