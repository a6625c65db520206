package io.funccache.store;

import java.net.InetSocketAddress;

/**
 * The credentials supplier failed while a connection was opening or re-authenticating. Names the
 * supplier and the server, and carries the supplier's exception as its cause (never a secret of
 * ours: funccache puts none in a message).
 */
final class CredentialsUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CredentialsUnavailableException(String supplier, InetSocketAddress server, Throwable cause) {
    super("the credentials supplier " + supplier + " failed for " + describe(server) + ": "
        + cause, cause);
  }

  private static String describe(InetSocketAddress server) {
    return server == null ? "the server"
        : server.getHostString() + ":" + server.getPort();
  }
}
