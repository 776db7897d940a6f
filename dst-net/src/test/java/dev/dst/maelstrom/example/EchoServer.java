package dev.dst.maelstrom.example;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dst.maelstrom.Bodies;
import dev.dst.maelstrom.Call;
import dev.dst.maelstrom.MaelstromError;
import dev.dst.maelstrom.MaelstromNode;
import dev.dst.maelstrom.MaelstromWorkload;
import dev.dst.node.ClientOp;
import dev.dst.node.Node;
import dev.dst.node.NodeContext;
import dev.dst.node.Request;
import dev.dst.node.Result;

/**
 * The example of docs/runtime.md, "Running under Maelstrom": a node of your own (here the
 * smallest, for Maelstrom's {@code echo} workload) as a Maelstrom node binary. Run by
 * {@code MaelstromDocsTest} as a child process; the page shows this code.
 */
public final class EchoServer {
    /** The node: answers an {@code echo} op with its value. */
    static final class Echo implements Node {
        @Override
        public void onRequest(NodeContext ctx, Request request) {
            ctx.reply(request, Result.ok(((ClientOp) request.op()).value()));
        }
    }

    // docs:begin
    /** Maelstrom's echo workload: {"type": "echo", "echo": X} is the op echo X; the node's value comes back in echo_ok. */
    static final MaelstromWorkload ECHO = new MaelstromWorkload() {
        @Override
        public String name() {
            return "echo";
        }

        @Override
        public Call call(String type, JsonNode body) throws MaelstromError {
            if (!type.equals("echo")) {
                throw MaelstromError.notSupported("the echo workload has echo only, not '" + type + "'");
            }
            return Call.read(new ClientOp("echo", Bodies.field(body, "echo")),
                    values -> Bodies.body("echo_ok").set("echo", (JsonNode) values.get(0)));
        }
    };

    public static void main(String[] args) throws InterruptedException {
        System.setOut(System.err);                                  // stdout is Maelstrom's: a stray print goes to the log
        MaelstromNode.builder(ECHO, nodes -> ctx -> new Echo())     // the factory for a cluster of `nodes` (from init)
                .start()                                            // messages on stdin and stdout, logs on stderr
                .awaitTermination();                                // until stdin closes
    }
    // docs:end
}
