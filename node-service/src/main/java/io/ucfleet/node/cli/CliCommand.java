package io.ucfleet.node.cli;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.ucfleet.node.profile.NodeRole;

/**
 * One row of the command table: its syntax (literal words, then {@code <required>},
 * {@code [optional]} or a final {@code <rest...>} parameter), the privilege it needs, the node
 * roles that have it, and its handler.
 */
public record CliCommand(String syntax, List<String> words, List<Parameter> parameters, Privilege privilege,
        Set<NodeRole> roles, Handler handler) {

    /** Runs a command; the arguments are keyed by parameter name. */
    @FunctionalInterface
    public interface Handler {
        void run(Console console, Map<String, String> arguments);
    }

    public record Parameter(String name, boolean optional, boolean rest) {
    }

    public static CliCommand of(String syntax, Privilege privilege, Set<NodeRole> roles, Handler handler) {
        List<String> words = new ArrayList<>();
        List<Parameter> parameters = new ArrayList<>();
        for (String token : syntax.split(" ")) {
            if (token.startsWith("<") && token.endsWith("...>")) {
                parameters.add(new Parameter(token.substring(1, token.length() - 4), false, true));
            } else if (token.startsWith("<")) {
                parameters.add(new Parameter(token.substring(1, token.length() - 1), false, false));
            } else if (token.startsWith("[")) {
                parameters.add(new Parameter(token.substring(1, token.length() - 1), true, false));
            } else if (parameters.isEmpty()) {
                words.add(token.toLowerCase(Locale.ROOT));
            } else {
                throw new IllegalArgumentException("literal after a parameter in \"" + syntax + "\"");
            }
        }
        return new CliCommand(syntax, List.copyOf(words), List.copyOf(parameters), privilege,
                Set.copyOf(EnumSet.copyOf(roles)), handler);
    }

    /** Whether the input starts with this command's words (keywords are case-insensitive, as on Unified CM). */
    public boolean matchesWords(List<String> tokens) {
        if (tokens.size() < words.size()) {
            return false;
        }
        for (int i = 0; i < words.size(); i++) {
            if (!words.get(i).equalsIgnoreCase(tokens.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether the input is a proper beginning of this command's words (an incomplete command). */
    public boolean continues(List<String> tokens) {
        if (tokens.size() >= words.size()) {
            return false;
        }
        for (int i = 0; i < tokens.size(); i++) {
            if (!words.get(i).equalsIgnoreCase(tokens.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The arguments after the words, by parameter name; empty when their number does not fit. */
    public Optional<Map<String, String>> arguments(List<String> tokens) {
        List<String> given = tokens.subList(words.size(), tokens.size());
        Map<String, String> arguments = new java.util.LinkedHashMap<>();
        int i = 0;
        for (Parameter p : parameters) {
            if (p.rest()) {
                if (i >= given.size()) {
                    return Optional.empty();
                }
                arguments.put(p.name(), String.join(" ", given.subList(i, given.size())));
                i = given.size();
            } else if (i < given.size()) {
                arguments.put(p.name(), given.get(i++));
            } else if (!p.optional()) {
                return Optional.empty();
            }
        }
        return i == given.size() ? Optional.of(arguments) : Optional.empty();
    }
}
