package io.pullwarden.agent.registry;

import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * How the check trusts a registry's TLS certificate, configured per registry as containerd's {@code
 * hosts.toml} does it: the JDK's trusted CAs plus an optional PEM bundle ({@code ca}), or no
 * verification at all ({@code skip_verify}), which also skips the host-name check.
 */
public record RegistryTls(Optional<String> caBundle, boolean insecureSkipVerify) {

  /** The JDK's trusted CAs only. */
  public static final RegistryTls DEFAULT = new RegistryTls(Optional.empty(), false);

  /**
   * Trust in the JDK's CAs plus the PEM certificates of {@code caBundle}, as {@code
   * registries[].caBundle} or {@code diagnose --registry-ca} give them.
   *
   * @throws GeneralSecurityException when the bundle holds no readable certificate
   */
  public static RegistryTls trusting(String caBundle) throws GeneralSecurityException {
    if (caBundle.isBlank()) {
      throw new GeneralSecurityException("the CA bundle is empty");
    }
    RegistryTls tls = new RegistryTls(Optional.of(caBundle), false);
    tls.context();
    return tls;
  }

  /**
   * The SSL context for this registry.
   *
   * @throws GeneralSecurityException when the bundle holds no readable certificate
   */
  SSLContext context() throws GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLS");
    if (insecureSkipVerify) {
      context.init(null, new TrustManager[] {new TrustingEverything()}, null);
      return context;
    }
    if (caBundle.isEmpty() || caBundle.get().isBlank()) {
      context.init(null, null, null);
      return context;
    }
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    try {
      store.load(null, null);
    } catch (java.io.IOException e) {
      throw new GeneralSecurityException("could not create an empty key store", e);
    }
    int i = 0;
    for (X509Certificate system : systemIssuers()) {
      store.setCertificateEntry("system-" + i++, system);
    }
    Collection<? extends Certificate> bundle =
        CertificateFactory.getInstance("X.509")
            .generateCertificates(
                new ByteArrayInputStream(caBundle.get().getBytes(StandardCharsets.US_ASCII)));
    if (bundle.isEmpty()) {
      throw new GeneralSecurityException("caBundle holds no PEM certificate");
    }
    for (Certificate certificate : bundle) {
      store.setCertificateEntry("bundle-" + i++, certificate);
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }

  private static X509Certificate[] systemIssuers() throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init((KeyStore) null);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        return x509.getAcceptedIssuers();
      }
    }
    return new X509Certificate[0];
  }

  /**
   * Accepts any certificate for any host. An extended trust manager, so the JDK leaves the
   * host-name check to it (and it makes none), as {@code insecureSkipTLSVerify} promises.
   */
  private static final class TrustingEverything extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
