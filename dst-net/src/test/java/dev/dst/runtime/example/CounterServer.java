package dev.dst.runtime.example;

import dev.dst.runtime.AddressBook;
import dev.dst.runtime.NodeRuntime;

import java.nio.file.Path;

/** docs/runtime.md's example, verbatim between the markers ({@code DocsExampleTest} checks the page against it). */
public final class CounterServer {
    private CounterServer() {}

    // docs:begin
    public static void main(String[] args) throws Exception {
        AddressBook book = AddressBook.parse(args[0]);   // "n0=10.0.0.1:7000,n1=10.0.0.2:7000,n2=10.0.0.3:7000"
        int me = book.idOf(args[1]);                     // "n1": which node this process is
        NodeRuntime node = NodeRuntime.builder(book, me, ctx -> new Counter(ctx, book.size()))
                .storageDirectory(Path.of(args[2]))      // FileStorage: real files, real fsyncs
                .seed(me)                                // what ctx.random() draws
                .start();                                // listens, builds the node, runs onStart
        Runtime.getRuntime().addShutdownHook(new Thread(node::close)); // SIGTERM: sockets and files closed
        node.awaitNodeDown();                            // returns once the node stopped itself
        node.close();                                    // and the process exits, for a supervisor to restart
    }
    // docs:end
}
