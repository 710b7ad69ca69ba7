package io.pullwarden.testenv;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds TLS client contexts that trust one private CA and nothing else, so a test that reaches a
 * server over HTTPS proves the CA was what made it work, not the JDK's default trust store.
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
}
