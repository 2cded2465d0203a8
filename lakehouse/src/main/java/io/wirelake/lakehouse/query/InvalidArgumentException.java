package io.wirelake.lakehouse.query;

/**
 * A query argument a user supplied is not acceptable. The message names the argument and says
 * what is allowed, so that it can be shown to the person (or model) that wrote it.
 */
public class InvalidArgumentException extends IllegalArgumentException {

  private final String argument;

  /**
   * @param argument the name of the bad argument, as the user wrote it (e.g. {@code from})
   * @param problem what is wrong and what is allowed, e.g. "must be between 1 and 1000"
   */
  public InvalidArgumentException(String argument, String problem) {
    super(argument + ": " + problem);
    this.argument = argument;
  }

  /** The name of the bad argument. */
  public String argument() {
    return argument;
  }
}
