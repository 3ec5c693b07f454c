package dev.manifestguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.StreamResetException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import org.junit.jupiter.api.Test;

/**
 * A client that goes away is not an internal error: no ERROR log with a stack trace for each one.
 */
class JsonErrorMapperTest {

  @Test
  void recognisesClosedConnectionsAndResetStreams() {
    assertThat(JsonErrorMapper.clientGone(new IOException(new ClosedChannelException()))).isTrue();
    assertThat(
            JsonErrorMapper.clientGone(
                new IOException(new IOException(new StreamResetException(8)))))
        .isTrue();
    assertThat(
            JsonErrorMapper.clientGone(
                new IOException(new HttpClosedException("Connection was closed"))))
        .isTrue();
    assertThat(JsonErrorMapper.clientGone(new IOException("Connection reset by peer"))).isTrue();
  }

  @Test
  void leavesRealErrorsAlone() {
    assertThat(JsonErrorMapper.clientGone(new IllegalStateException("boom"))).isFalse();
    assertThat(JsonErrorMapper.clientGone(new IOException("Request too large"))).isFalse();
    assertThat(JsonErrorMapper.clientGone(new RuntimeException(new NullPointerException())))
        .isFalse();
  }

  @Test
  void answersWithoutMetricsOrLogging() {
    var response = new JsonErrorMapper().toResponse(new IOException(new ClosedChannelException()));
    assertThat(response.getStatus()).isEqualTo(400);
  }
}
