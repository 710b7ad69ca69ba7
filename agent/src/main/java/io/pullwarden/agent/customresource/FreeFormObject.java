package io.pullwarden.agent.customresource;

import io.fabric8.crd.generator.annotation.PreserveUnknownFields;

/**
 * Schema stand-in for plugin-specific objects ({@code spec.config}, a registry's {@code ref}): an
 * object whose fields the plugin, not the CRD, validates. Java-side these are plain maps; without
 * this the generated schema would demand that every value be an object.
 */
@PreserveUnknownFields
final class FreeFormObject {
  private FreeFormObject() {}
}
