package io.pullwarden.plugin;

import java.util.List;

/**
 * The result of checking a CredentialSource's {@code spec.config}: empty when it is usable,
 * otherwise one message per problem, each naming the field and what to do.
 */
public record Validation(List<String> problems) {

  public Validation {
    problems = List.copyOf(problems);
  }

  public static Validation ok() {
    return new Validation(List.of());
  }

  public static Validation of(List<String> problems) {
    return new Validation(problems);
  }

  public boolean isValid() {
    return problems.isEmpty();
  }
}
