package io.pullwarden.testenv;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * A tiny OCI image layout written to disk (one gzipped layer holding one text file), so tests can
 * push a real image to {@link RegistryServer} without pulling anything from the internet. The bytes
 * are deterministic, so the manifest digest is the same on every run and machine.
 *
 * @param layout the OCI layout directory, for {@code oci:<layout>:<tag>}
 * @param tag the tag recorded in {@code index.json}
 * @param manifestDigest {@code sha256:…} of the manifest, as a registry reports it after a push
 */
record OciTestImage(Path layout, String tag, String manifestDigest) {

  // sorted keys: Map.of iterates in a per-JVM random order, and the digests must not change
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
  private static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";

  /** Writes the layout into {@code layout} (created if needed). */
  static OciTestImage write(Path layout, String tag) {
    try {
      Files.createDirectories(layout.resolve("blobs/sha256"));
      byte[] tar = tar("pullwarden.txt", "a Pullwarden test image\n");
      byte[] layer = gzip(tar);
      Map<String, Object> config =
          Map.of(
              "architecture",
              "amd64",
              "os",
              "linux",
              "config",
              Map.of(),
              "rootfs",
              Map.of("type", "layers", "diff_ids", List.of(sha256(tar))));
      byte[] configJson = JSON.writeValueAsBytes(config);
      Map<String, Object> manifest =
          Map.of(
              "schemaVersion",
              2,
              "mediaType",
              MANIFEST_TYPE,
              "config",
              descriptor("application/vnd.oci.image.config.v1+json", configJson),
              "layers",
              List.of(descriptor("application/vnd.oci.image.layer.v1.tar+gzip", layer)));
      byte[] manifestJson = JSON.writeValueAsBytes(manifest);
      for (byte[] blob : List.of(layer, configJson, manifestJson)) {
        Files.write(layout.resolve("blobs/sha256/" + sha256(blob).substring(7)), blob);
      }
      Map<String, Object> manifestEntry =
          Map.of(
              "mediaType",
              MANIFEST_TYPE,
              "digest",
              sha256(manifestJson),
              "size",
              manifestJson.length,
              "annotations",
              Map.of("org.opencontainers.image.ref.name", tag));
      Files.write(
          layout.resolve("index.json"),
          JSON.writeValueAsBytes(Map.of("schemaVersion", 2, "manifests", List.of(manifestEntry))));
      Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
      return new OciTestImage(layout, tag, sha256(manifestJson));
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the OCI test image to " + layout, e);
    }
  }

  /** The skopeo source reference: {@code oci:<layout>:<tag>}. */
  String reference() {
    return "oci:" + layout + ":" + tag;
  }

  private static Map<String, Object> descriptor(String mediaType, byte[] content) {
    return Map.of("mediaType", mediaType, "digest", sha256(content), "size", content.length);
  }

  /** A ustar archive with one regular file; the JDK has no tar writer and one file needs little. */
  private static byte[] tar(String name, String content) {
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    byte[] header = new byte[512];
    put(header, 0, name);
    put(header, 100, "0000644\0");
    put(header, 108, "0000000\0");
    put(header, 116, "0000000\0");
    put(header, 124, "%011o\0".formatted(data.length));
    put(header, 136, "00000000000\0");
    put(header, 148, "        "); // checksum is computed with its own field as spaces
    header[156] = '0';
    put(header, 257, "ustar\0");
    put(header, 263, "00");
    int checksum = 0;
    for (byte b : header) {
      checksum += b & 0xff;
    }
    put(header, 148, "%06o\0 ".formatted(checksum));
    int padded = (data.length + 511) / 512 * 512;
    byte[] archive = new byte[512 + padded + 1024]; // two zero blocks end the archive
    System.arraycopy(header, 0, archive, 0, 512);
    System.arraycopy(data, 0, archive, 512, data.length);
    return archive;
  }

  private static void put(byte[] header, int offset, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, header, offset, bytes.length);
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    }
    return out.toByteArray();
  }

  static String sha256(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }
}
