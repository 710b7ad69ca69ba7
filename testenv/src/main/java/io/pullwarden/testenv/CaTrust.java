package io.pullwarden.testenv;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds TLS client contexts, and trust stores for launched JVMs, that trust private CAs and
 * nothing else, so a test that reaches a server over HTTPS proves the CA was what made it work, not
 * the JDK's default trust store.
 */
public final class CaTrust {

  private CaTrust() {}

  /** An {@link SSLContext} whose only trust anchors are the certificates in {@code caPem}. */
  public static SSLContext trustingOnly(Path caPem) {
    try (InputStream in = Files.newInputStream(caPem)) {
      KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
      trustStore.load(null, null);
      int index = 0;
      for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trustStore.setCertificateEntry("ca-" + index++, ca);
      }
      if (index == 0) {
        throw new IllegalArgumentException(caPem + " holds no certificate");
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trustStore);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the CA certificate " + caPem, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not build a trust store from " + caPem, e);
    }
  }

  /**
   * Writes a PKCS#12 trust store holding the CA certificates of {@code caPems} and nothing else to
   * {@code file}, for a JVM the test launches with {@code -Djavax.net.ssl.trustStore=file}; the JVM
   * then trusts those CAs in place of the JDK's own (its default SSL context reads it).
   *
   * @return the JVM options that make a JVM use it
   */
  public static List<String> writeTrustStore(Path file, List<String> caPems) {
    char[] password = "pullwarden-test".toCharArray();
    try {
      KeyStore trustStore = KeyStore.getInstance("PKCS12");
      trustStore.load(null, null);
      int index = 0;
      for (String pem : caPems) {
        for (Certificate ca :
            CertificateFactory.getInstance("X.509")
                .generateCertificates(
                    new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
          trustStore.setCertificateEntry("ca-" + index++, ca);
        }
      }
      try (OutputStream out = Files.newOutputStream(file)) {
        trustStore.store(out, password);
      }
      return List.of(
          "-Djavax.net.ssl.trustStore=" + file,
          "-Djavax.net.ssl.trustStoreType=PKCS12",
          "-Djavax.net.ssl.trustStorePassword=" + new String(password));
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the trust store " + file, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not build the trust store " + file, e);
    }
  }
}
