package io.pullwarden.testenv;

/**
 * Gives a test the shared {@link MotoServer}: declare {@code @ExtendWith(MotoExtension.class)} and
 * take a {@code MotoServer} parameter.
 */
public final class MotoExtension extends SharedServerExtension<MotoServer> {

  public MotoExtension() {
    super(MotoServer.class);
  }

  @Override
  protected MotoServer start() {
    return MotoServer.start();
  }
}
