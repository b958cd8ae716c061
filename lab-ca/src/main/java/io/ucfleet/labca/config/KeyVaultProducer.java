package io.ucfleet.labca.config;

import java.security.SecureRandom;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.ucfleet.labca.keys.KeyVault;

/** The vault CA keys are sealed with; a missing or malformed key-encryption key fails the boot. */
public class KeyVaultProducer {
    @Produces
    @Singleton
    KeyVault vault(LabCaConfig config) {
        return new KeyVault(config.keyEncryptionKey(), new SecureRandom());
    }
}
