package dev.manifestguard.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The HTTPS server's key manager: serves the current {@link CertificatePair}, swapped in one step
 * by {@link CertificateReloader}, so a new certificate needs no rebuild of the server's SSL context
 * (Vert.x leaves a window during such a rebuild in which new connections fail). Each pair has its
 * own alias and the previous pair stays reachable by its alias, so a handshake that chose a pair
 * gets that pair's chain and key even when a swap happens halfway through it.
 */
final class ReloadingKeyManager extends X509ExtendedKeyManager {
  private volatile CertificatePair current;
  private volatile CertificatePair previous;

  ReloadingKeyManager(CertificatePair first) {
    this.current = first;
  }

  CertificatePair current() {
    return current;
  }

  synchronized void swap(CertificatePair next) {
    previous = current;
    current = next;
  }

  private CertificatePair byAlias(String alias) {
    CertificatePair c = current;
    if (c.alias().equals(alias)) {
      return c;
    }
    CertificatePair p = previous;
    return p != null && p.alias().equals(alias) ? p : null;
  }

  private String serverAlias(String keyType) {
    CertificatePair c = current;
    return keyType == null || c.keyTypes().contains(keyType) ? c.alias() : null;
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    String alias = serverAlias(keyType);
    return alias == null ? null : new String[] {alias};
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return serverAlias(keyType);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return serverAlias(keyType);
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    CertificatePair p = byAlias(alias);
    return p == null ? null : p.chain().clone();
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    CertificatePair p = byAlias(alias);
    return p == null ? null : p.key();
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }

  @Override
  public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
    return null;
  }
}
