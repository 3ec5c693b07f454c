package dev.manifestguard.admission;

/**
 * A request the webhook cannot answer with a verdict; becomes an HTTP error with a JSON body naming
 * the problem.
 */
public final class AdmissionProblem extends RuntimeException {
  private final int status;

  public AdmissionProblem(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
