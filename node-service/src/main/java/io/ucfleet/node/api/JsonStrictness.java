package io.ucfleet.node.api;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * The native API ({@code /api/v1}, {@code /ucfleet/v1}) reads JSON strictly: a misspelt field
 * ({@code "keysize"}), a fraction, a string or a boolean where a number belongs ({@code "2048"},
 * {@code ""}, {@code "\\u0000"}, {@code true}), a key given twice, or anything after the JSON
 * value is a 400 naming the field, never a silently taken default. The body itself (not empty,
 * not {@code null}, UTF-8 without a byte order mark) is {@link StrictJsonBodies}' check. The
 * certmgr façade reads with its own liberal reader ({@link CertmgrJson}).
 */
@Singleton
public class JsonStrictness implements ObjectMapperCustomizer {
    /** Our requests nest a handful of levels; Jackson's default (1000) would let a body cost deep recursion. */
    public static final int MAX_NESTING = 64;

    @Override
    public void customize(ObjectMapper mapper) {
        apply(mapper);
    }

    /** The same settings on any mapper (the fuzz tests judge a mapper made so). */
    public static ObjectMapper apply(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build());
        for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }
}
