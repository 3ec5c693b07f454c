package dev.manifestguard.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ApplicationProtocolNegotiator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.ImmediateExecutor;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.SSLEngineOptions;
import io.vertx.core.spi.tls.SslContextFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSessionContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Bounds the TLS handshakes in progress on the HTTPS port: while {@code
 * manifest-guard.tls.max-pending-handshakes} connections are in their handshake, the port stops
 * accepting new ones; they wait in the kernel's accept queue and are taken once handshakes finish.
 *
 * <p>Why: a Go client (the apiserver's webhook client, or vegeta) dials a new connection for every
 * request that finds no ready one, so when handshakes fall behind it dials faster than the server
 * completes them. Measured on one CPU (2026-12-01): at 8,000 requests/s 20,000 connections were
 * open, nearly all waiting for a handshake the client had already given up on; they filled the
 * heap, the server answered nothing and held them until the file descriptor limit. Vert.x has no
 * hook between accept and handshake, and Quarkus's {@code max-connections} counts only connections
 * whose handshake is done, so the count is kept where every accepted connection passes: the {@link
 * SslHandler} that Vert.x asks the server's SSL context for. Pausing the listening socket (Netty's
 * auto-read, the same throttle Netty applies when accept fails for lack of file descriptors) costs
 * nothing per refused dial, unlike accepting and closing it; the connections already established
 * keep being served meanwhile. A handshake that never completes is ended by {@code
 * quarkus.tls.webhook.handshake-timeout}.
 */
@ApplicationScoped
public class PendingHandshakeLimit implements HttpServerOptionsCustomizer {
  private static final Logger LOG = Logger.getLogger(PendingHandshakeLimit.class);
  private static final long WARN_EVERY_NANOS = 10_000_000_000L;

  private final int limit;
  private final ServerTlsEngine engine;
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicLong pauses = new AtomicLong();
  private final AtomicLong lastWarn = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
  private volatile Channel pausedListener;

  public PendingHandshakeLimit(
      @ConfigProperty(name = "manifest-guard.tls.max-pending-handshakes", defaultValue = "32")
          int limit,
      ServerTlsEngine engine) {
    this.limit = limit;
    this.engine = engine;
  }

  @Override
  public void customizeHttpsServer(HttpServerOptions options) {
    // The engine is set here and nowhere else: two customizers setting it would depend on their
    // order.
    SSLEngineOptions chosen = engine.options();
    if (limit > 0) {
      // The same engine, its server contexts counting their handshakes.
      chosen =
          chosen instanceof OpenSSLEngineOptions
              ? new CountingOpenSsl(this)
              : new CountingJdk(this);
    }
    options.setSslEngineOptions(chosen);
  }

  /** Handshakes in progress now. */
  public int pending() {
    return pending.get();
  }

  /** How many times the port stopped accepting because {@link #pending()} reached the limit. */
  public long pauses() {
    return pauses.get();
  }

  /** A connection starts its handshake; pauses its listening socket once the limit is reached. */
  void started(Channel connection) {
    if (pending.incrementAndGet() < limit) {
      return;
    }
    Channel listener = connection.parent();
    if (listener == null || !listener.config().isAutoRead()) {
      return;
    }
    listener.config().setAutoRead(false);
    pausedListener = listener;
    long count = pauses.incrementAndGet();
    long now = System.nanoTime();
    long last = lastWarn.get();
    if (now - last >= WARN_EVERY_NANOS && lastWarn.compareAndSet(last, now)) {
      LOG.warnf(
          "%d TLS handshakes in progress (manifest-guard.tls.max-pending-handshakes): not accepting new "
              + "connections until some finish (%d pauses so far); established connections keep being "
              + "served",
          limit, count);
    }
    // Ended between the increment and the pause: nobody else would resume.
    if (pending.get() < limit) {
      resume();
    }
  }

  /** A handshake succeeded, failed, timed out or lost its connection. */
  void finished() {
    if (pending.decrementAndGet() < limit) {
      resume();
    }
  }

  private void resume() {
    Channel listener = pausedListener;
    if (listener != null) {
      pausedListener = null;
      listener.config().setAutoRead(true);
    }
  }

  /** Vert.x's JDK engine, with every server context it builds counting its handshakes. */
  static final class CountingJdk extends JdkSSLEngineOptions {
    private final PendingHandshakeLimit limit;

    CountingJdk(PendingHandshakeLimit limit) {
      this.limit = limit;
    }

    CountingJdk(CountingJdk other) {
      super(other);
      this.limit = other.limit;
    }

    @Override
    public JdkSSLEngineOptions copy() {
      return new CountingJdk(this);
    }

    @Override
    public SslContextFactory sslContextFactory() {
      return new CountingFactory(super.sslContextFactory(), limit);
    }
  }

  /** Vert.x's OpenSSL engine, with every server context it builds counting its handshakes. */
  static final class CountingOpenSsl extends OpenSSLEngineOptions {
    private final PendingHandshakeLimit limit;

    CountingOpenSsl(PendingHandshakeLimit limit) {
      this.limit = limit;
    }

    CountingOpenSsl(CountingOpenSsl other) {
      super(other);
      this.limit = other.limit;
    }

    @Override
    public OpenSSLEngineOptions copy() {
      return new CountingOpenSsl(this);
    }

    @Override
    public SslContextFactory sslContextFactory() {
      return new CountingFactory(super.sslContextFactory(), limit);
    }
  }

  /** An engine's context factory whose server contexts count their handshakes. */
  private static final class CountingFactory implements SslContextFactory {
    private final SslContextFactory factory;
    private final PendingHandshakeLimit limit;
    private boolean client;

    CountingFactory(SslContextFactory factory, PendingHandshakeLimit limit) {
      this.factory = factory;
      this.limit = limit;
    }

    @Override
    public SslContextFactory useAlpn(boolean useAlpn) {
      factory.useAlpn(useAlpn);
      return this;
    }

    @Override
    public SslContextFactory clientAuth(io.netty.handler.ssl.ClientAuth clientAuth) {
      factory.clientAuth(clientAuth);
      return this;
    }

    @Override
    public SslContextFactory forClient(boolean forClient) {
      client = forClient;
      factory.forClient(forClient);
      return this;
    }

    @Override
    public SslContextFactory keyMananagerFactory(
        javax.net.ssl.KeyManagerFactory keyManagerFactory) {
      factory.keyMananagerFactory(keyManagerFactory);
      return this;
    }

    @Override
    public SslContextFactory trustManagerFactory(
        javax.net.ssl.TrustManagerFactory trustManagerFactory) {
      factory.trustManagerFactory(trustManagerFactory);
      return this;
    }

    @Override
    public SslContextFactory enabledCipherSuites(java.util.Set<String> cipherSuites) {
      factory.enabledCipherSuites(cipherSuites);
      return this;
    }

    @Override
    public SslContextFactory applicationProtocols(java.util.List<String> protocols) {
      factory.applicationProtocols(protocols);
      return this;
    }

    @Override
    public SslContextFactory serverName(String serverName) {
      factory.serverName(serverName);
      return this;
    }

    @Override
    public SslContext create() throws SSLException {
      SslContext context = factory.create();
      return client ? context : new CountingContext(context, limit);
    }
  }

  /**
   * The server context Vert.x builds, with handlers that report their handshake. Vert.x wraps it in
   * its own {@link io.netty.handler.ssl.DelegatingSslContext}, which asks this one for the handler;
   * the engine is still the context's own, so ALPN (HTTP/2) works as before.
   */
  static final class CountingContext extends SslContext {
    private final SslContext context;
    private final PendingHandshakeLimit limit;

    CountingContext(SslContext context, PendingHandshakeLimit limit) {
      this.context = context;
      this.limit = limit;
    }

    @Override
    public boolean isClient() {
      return context.isClient();
    }

    @Override
    public List<String> cipherSuites() {
      return context.cipherSuites();
    }

    @Override
    public long sessionCacheSize() {
      return context.sessionCacheSize();
    }

    @Override
    public long sessionTimeout() {
      return context.sessionTimeout();
    }

    @Override
    @SuppressWarnings("deprecation")
    public ApplicationProtocolNegotiator applicationProtocolNegotiator() {
      return context.applicationProtocolNegotiator();
    }

    @Override
    public SSLEngine newEngine(ByteBufAllocator alloc) {
      return context.newEngine(alloc);
    }

    @Override
    public SSLEngine newEngine(ByteBufAllocator alloc, String peerHost, int peerPort) {
      return context.newEngine(alloc, peerHost, peerPort);
    }

    @Override
    public SSLSessionContext sessionContext() {
      return context.sessionContext();
    }

    @Override
    protected SslHandler newHandler(ByteBufAllocator alloc, boolean startTls) {
      return new CountingHandler(newEngine(alloc), startTls, ImmediateExecutor.INSTANCE, limit);
    }

    @Override
    protected SslHandler newHandler(ByteBufAllocator alloc, boolean startTls, Executor executor) {
      return new CountingHandler(newEngine(alloc), startTls, executor, limit);
    }

    @Override
    protected SslHandler newHandler(
        ByteBufAllocator alloc, String peerHost, int peerPort, boolean startTls) {
      return new CountingHandler(
          newEngine(alloc, peerHost, peerPort), startTls, ImmediateExecutor.INSTANCE, limit);
    }

    @Override
    protected SslHandler newHandler(
        ByteBufAllocator alloc,
        String peerHost,
        int peerPort,
        boolean startTls,
        Executor executor) {
      return new CountingHandler(newEngine(alloc, peerHost, peerPort), startTls, executor, limit);
    }
  }

  /** Counts its handshake from the moment it joins a connection until the handshake's outcome. */
  private static final class CountingHandler extends SslHandler {
    private final PendingHandshakeLimit limit;

    CountingHandler(
        SSLEngine engine, boolean startTls, Executor executor, PendingHandshakeLimit limit) {
      super(engine, startTls, executor);
      this.limit = limit;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
      limit.started(ctx.channel());
      // Completes once, on success, failure, timeout or a connection closed mid-handshake.
      handshakeFuture().addListener(done -> limit.finished());
      super.handlerAdded(ctx);
    }
  }
}
