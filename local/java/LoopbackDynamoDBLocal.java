import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * Starts AWS's DynamoDB Local bound to 127.0.0.1 only: DynamoDB Local has no
 * host option and otherwise listens on every interface. Same arguments as
 * DynamoDBLocal.jar. Compiled class committed beside it (CI has only a JRE);
 * rebuild with local/java/build.sh.
 */
public final class LoopbackDynamoDBLocal {
  public static void main(String[] args) throws Exception {
    // Started with -Dalma.exitWithParent=true, stdin is a pipe from the Node process that started
    // us: it closes when that process ends, however it ends (killed, out of memory), and so do we.
    if (Boolean.getBoolean("alma.exitWithParent")) {
      Thread watcher = new Thread(() -> {
        try {
          while (System.in.read() != -1) {
            // Nothing is ever written; only the end of the pipe matters.
          }
        } catch (java.io.IOException ignored) {
          // A broken pipe is an end too.
        }
        Runtime.getRuntime().halt(0);
      }, "exit-with-parent");
      watcher.setDaemon(true);
      watcher.start();
    }
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    for (Connector connector : server.getConnectors()) {
      ((ServerConnector) connector).setHost("127.0.0.1");
    }
    proxy.start();
    System.out.println("DynamoDB Local listening on 127.0.0.1");
  }
}
