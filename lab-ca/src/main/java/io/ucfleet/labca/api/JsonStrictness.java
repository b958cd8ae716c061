package io.ucfleet.labca.api;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Requests are read strictly: a misspelt field ({@code "keysize"}) or a fraction where an
 * integer belongs is a 400 naming the field, not a silently ignored input.
 */
@Singleton
public class JsonStrictness implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }
}
