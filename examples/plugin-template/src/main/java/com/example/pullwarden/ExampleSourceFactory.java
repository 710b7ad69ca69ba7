package com.example.pullwarden;

import io.pullwarden.plugin.CredentialSession;
import io.pullwarden.plugin.CredentialSourceFactory;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceContext;
import io.pullwarden.plugin.SourceException;
import io.pullwarden.plugin.Validation;
import java.util.ArrayList;
import java.util.List;
import org.pf4j.Extension;

/**
 * Serves CredentialSources of {@code type: example}. The agent finds this class through PF4J's
 * extension index (the {@code @Extension} annotation, processed at compile time), calls {@link
 * #validate} on every {@code spec.config} and {@link #open} once per CredentialSource. The
 * constructor and {@link #type()} must return at once.
 *
 * <p>{@code spec.config} of this example: {@code namespace} (required), where the credential
 * Secrets live. A real plugin would take its store's address and login here.
 */
@Extension
public final class ExampleSourceFactory implements CredentialSourceFactory {

  /** The {@code spec.type} this plugin serves. */
  public static final String TYPE = "example";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Validation validate(Settings config) {
    List<String> problems = new ArrayList<>();
    try {
      config.requiredString("namespace");
    } catch (SourceException.InvalidConfig e) {
      problems.add(e.getMessage());
    }
    for (String key : config.keys()) {
      if (!key.equals("namespace")) {
        problems.add(config.field(key) + " is not a setting of the example plugin; remove it");
      }
    }
    return Validation.of(problems);
  }

  @Override
  public CredentialSession open(Settings config, SourceContext context) throws SourceException {
    Validation validation = validate(config);
    if (!validation.isValid()) {
      throw new SourceException.InvalidConfig(String.join("; ", validation.problems()));
    }
    return new ExampleSession(config.requiredString("namespace"), context);
  }
}
