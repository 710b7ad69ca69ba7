package io.pullwarden.plugins.vault;

import io.pullwarden.plugin.SourceContext;
import io.pullwarden.plugin.SourceException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Builds the one HTTP client a session talks to Vault with, from {@code spec.config.tls}: the JDK's
 * trust store by default, exactly the CA from {@code caSecretRef} when one is named, the
 * certificate checked against {@code serverName} instead of the address's host when one is given,
 * and no verification only when {@code insecureSkipVerify} is true.
 */
final class TlsTrust {

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private TlsTrust() {}

  static HttpClient httpClient(URI address, TlsConfig tls, SourceContext context)
      throws SourceException {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT);
    boolean custom =
        tls.insecureSkipVerify() || tls.caSecret().isPresent() || tls.serverName().isPresent();
    if ("https".equals(address.getScheme()) && custom) {
      builder.sslContext(sslContext(tls, context));
    }
    return builder.build();
  }

  private static SSLContext sslContext(TlsConfig tls, SourceContext context)
      throws SourceException {
    try {
      X509ExtendedTrustManager trust;
      if (tls.insecureSkipVerify()) {
        trust = new TrustEverything();
      } else {
        KeyStore anchors = null;
        if (tls.caSecret().isPresent()) {
          anchors = anchors(tls.caSecret().get(), tls.caSecret().get().read(context));
        }
        trust = pkix(anchors);
        if (tls.serverName().isPresent()) {
          trust = new ServerNameTrust(trust, tls.serverName().get());
        }
      }
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, new TrustManager[] {trust}, null);
      return ssl;
    } catch (GeneralSecurityException e) {
      throw new SourceException.InvalidConfig(
          "cannot set up TLS from spec.config.tls: " + VaultFailure.describe(e));
    }
  }

  private static KeyStore anchors(SecretKeyRef ref, String pem)
      throws GeneralSecurityException, SourceException.InvalidConfig {
    Collection<? extends Certificate> certificates;
    try {
      certificates =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)));
    } catch (CertificateException e) {
      certificates = List.of();
    }
    if (certificates.isEmpty()) {
      throw new SourceException.InvalidConfig(
          "key '"
              + ref.key()
              + "' of Secret "
              + ref.name()
              + " (named by "
              + ref.field()
              + ") holds no PEM certificate; put the CA certificate that signed Vault's there");
    }
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException("cannot create an empty key store", e);
    }
    int index = 0;
    for (Certificate certificate : certificates) {
      store.setCertificateEntry("ca-" + index++, certificate);
    }
    return store;
  }

  /** The JDK's PKIX trust manager over {@code anchors}, or over its own trust store when null. */
  private static X509ExtendedTrustManager pkix(KeyStore anchors) throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(anchors);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509ExtendedTrustManager extended) {
        return extended;
      }
    }
    throw new GeneralSecurityException("the JDK offers no X509ExtendedTrustManager");
  }

  /** Verifies the chain as usual, then the name against {@code serverName}, not the URL's host. */
  private static final class ServerNameTrust extends ServerOnlyTrust {
    private final X509ExtendedTrustManager chain;
    private final String serverName;

    ServerNameTrust(X509ExtendedTrustManager chain, String serverName) {
      this.chain = chain;
      this.serverName = serverName;
    }

    @Override
    void checkServer(X509Certificate[] certificates, String authType) throws CertificateException {
      chain.checkServerTrusted(certificates, authType);
      List<String> names = HostnameMatch.namesOf(certificates[0]);
      if (!HostnameMatch.matches(serverName, names)) {
        throw new CertificateException(
            "Vault's certificate is issued for "
                + names
                + ", not for '"
                + serverName
                + "' (spec.config.tls.serverName)");
      }
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return chain.getAcceptedIssuers();
    }
  }

  /** Accepts any certificate: {@code insecureSkipVerify: true}, never a default. */
  private static final class TrustEverything extends ServerOnlyTrust {
    @Override
    void checkServer(X509Certificate[] certificates, String authType) {}
  }

  /** A trust manager for a client: one server check, whichever overload the JDK calls. */
  private abstract static class ServerOnlyTrust extends X509ExtendedTrustManager {
    abstract void checkServer(X509Certificate[] chain, String authType) throws CertificateException;

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      checkServer(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      checkServer(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      checkServer(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("a Vault client does not accept client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
