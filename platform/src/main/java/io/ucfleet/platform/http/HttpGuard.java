package io.ucfleet.platform.http;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.InvalidChunkExtensionException;
import io.netty.handler.codec.http.InvalidChunkTerminationException;
import io.netty.handler.codec.http.InvalidLineSeparatorException;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemBody;
import io.ucfleet.platform.problem.ProblemType;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.impl.HttpServerImpl;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.TCPServerBase;

/**
 * What the HTTP/1 connection itself is held to, below any router: the part of {@link HttpEdge}
 * that Vert.x gives no handler for. Two Netty handlers on every accepted connection of every HTTP
 * server of the process (Quarkus' HTTP and HTTPS ports, ctl-service's TFTP HTTP port):
 * <ul>
 * <li>the <b>request-head timeout</b>: a connection that has not delivered a complete request head
 * within {@code headTimeout} of being accepted (TLS handshake included), or of the first byte of
 * its next request on a kept-alive connection, is answered 408 {@code request-timeout}
 * problem+json (when it can still be written: not before a TLS handshake has completed) and closed.
 * The bound ends with the head: a request whose head is complete (a long poll, a slow 4096-bit
 * regeneration with nothing on the wire) is governed by the idle timeout only, and so is a
 * kept-alive connection waiting between requests.</li>
 * <li><b>the codec's own answers as problems</b>: a 4xx written with no body and no
 * {@code Content-Type} (Vert.x' answer to a request the codec refused: 400 for a line or header it
 * cannot parse, 414 and 431 above its 64 KiB limits; Quarkus REST's 413 for a chunked body past the
 * limit; any other bare 4xx) is rewritten, headers kept, into the problem+json {@link HttpEdge}
 * writes for the same status, with {@code limit} where there is one. A HEAD request's answer keeps
 * its empty body.</li>
 * <li><b>a malformed chunked body</b> (a chunk-size line that is no hexadecimal number, a chunk's
 * data not followed by CRLF, a bad chunk extension or trailer): the decoder gives up on the
 * connection's input there, and Vert.x would reset the request and close without a word. If no
 * answer to that request has begun, the guard answers it 400 {@code invalid-request} problem+json
 * naming what is malformed, with {@code Connection: close}, and closes; the request never
 * completes in the application (its body fails with the closed connection), and what the
 * application still writes for it is dropped. An answer already begun: closed, as before.</li>
 * </ul>
 * HTTP/2 connections (TLS ALPN {@code h2}, h2c) are left alone once they are known to be HTTP/2.
 * <p>
 * How the handlers get there: Vert.x offers no hook before a connection's first request (Quarkus
 * keeps {@code HttpServer} to itself), so {@link #guardServers} finds the listening servers
 * ({@code VertxInternal.sharedHttpServers()}, their bound channel by reflection) and puts a handler
 * in front of each server channel's acceptor; for each accepted channel it adds, once Vert.x has
 * initialised the channel, a gate before the HTTP decoder (it sees the raw bytes) and, once the
 * HTTP/1 codec is in place, a watch right after the encoder (it sees decoded requests and the
 * responses before they are encoded). {@link HttpEdge} also guards the server channel of any
 * connection a request arrives on, should the startup hook have missed a server: Vert.x lists only
 * servers on a given port, so one on port 0 (the test profiles' ports) is guarded from its first
 * routed request on.
 */
public final class HttpGuard {
    private static final Logger LOG = Logger.getLogger(HttpGuard.class);
    static final String ACCEPT = "ucfleet-accept", BOOT = "ucfleet-boot", GATE = "ucfleet-head-gate", WATCH = "ucfleet-head-watch";
    /** How long the rest of a body answered early is read and dropped before the connection is closed anyway. */
    static final long DRAIN_MILLIS = 2_000;
    private static final AttributeKey<Boolean> GUARDED = AttributeKey.valueOf("ucfleet.http-guarded");

    /** The process' settings (one service per process): the body limit for 413's {@code limit}, the head bound. */
    record Settings(long maxBodyBytes, long headTimeoutMillis) {
    }

    private static volatile Settings settings = new Settings(4L * 1024 * 1024, 10_000);

    private HttpGuard() {
    }

    /** The service's body limit and request-head timeout; called by {@link HttpEdge#install}. */
    public static void configure(long maxBodyBytes, Duration headTimeout) {
        settings = new Settings(maxBodyBytes, Math.max(1, headTimeout.toMillis()));
    }

    static Settings settings() {
        return settings;
    }

    /** Guards every HTTP server of this Vert.x that listens now (idempotent: call after each server starts). */
    public static void guardServers(io.vertx.core.Vertx vertx) {
        if (!(vertx instanceof VertxInternal internal)) {
            LOG.warnf("HTTP guard: %s is not Vert.x' own implementation; no request-head timeout", vertx.getClass());
            return;
        }
        Map<?, HttpServerImpl> shared = internal.sharedHttpServers();
        List<HttpServerImpl> servers;
        synchronized (shared) {
            servers = new ArrayList<>(shared.values());
        }
        for (HttpServerImpl server : servers) {
            Channel channel = boundChannel(server);
            if (channel != null) {
                guardServerChannel(channel);
            }
        }
    }

    /** The server channel of a connection a request arrived on, guarded if it is not yet. */
    static void adopt(HttpConnection connection) {
        if (connection instanceof ConnectionBase base) {
            Channel parent = base.channel().parent();
            if (parent != null && !parent.hasAttr(GUARDED)) {
                guardServerChannel(parent);
            }
        }
    }

    private static Channel boundChannel(TCPServerBase server) {
        try {
            Field field = TCPServerBase.class.getDeclaredField("bindFuture");
            field.setAccessible(true);
            Object future = field.get(server);
            if (future instanceof io.vertx.core.Future<?> bound && bound.succeeded() && bound.result() instanceof Channel c) {
                return c;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warnf("HTTP guard: cannot reach the channel of an HTTP server (%s); its connections are guarded once a"
                    + " request arrives on one", e.toString());
        }
        return null;
    }

    static void guardServerChannel(Channel server) {
        if (server.attr(GUARDED).setIfAbsent(Boolean.TRUE) == null) {
            // Added on the server channel's own event loop, where Netty completes it at once: added
            // from another thread, it is skipped until its loop gets to it, and a connection
            // accepted meanwhile would not be guarded. Waited for unless this is an event loop.
            Runnable add = () -> {
                server.pipeline().addFirst(ACCEPT, new Acceptor());
                LOG.debugf("HTTP guard on %s", server.localAddress());
            };
            if (server.eventLoop().inEventLoop()) {
                add.run();
            } else {
                var added = server.eventLoop().submit(add);
                if (!io.vertx.core.Context.isOnEventLoopThread()) {
                    added.awaitUninterruptibly(5, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** On the server channel, before Netty's acceptor: every accepted channel gets the boot handler first. */
    static final class Acceptor extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Channel child) {
                try {
                    child.pipeline().addLast(BOOT, new Boot());
                } catch (RuntimeException e) {
                    LOG.debugf("HTTP guard: not on %s (%s)", child, e.toString());
                }
            }
            ctx.fireChannelRead(msg);
        }
    }

    /**
     * First in the accepted channel's pipeline, before Vert.x' initialiser; once the channel is
     * registered (Vert.x has added its handlers, all with {@code addLast}), puts the gate after
     * them, so that the HTTP handlers Vert.x adds later (after a TLS handshake, after HTTP/1 was
     * told from h2c) come after the gate; or before the decoder if the HTTP/1 codec is there already.
     */
    static final class Boot extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRegistered(ChannelHandlerContext ctx) {
            ctx.fireChannelRegistered();
            ChannelPipeline pipeline = ctx.pipeline();
            Gate gate = new Gate(new Conn(settings.headTimeoutMillis()));
            if (pipeline.get("httpDecoder") != null) {
                pipeline.addBefore("httpDecoder", GATE, gate);
            } else if (pipeline.get("handler") == null) {
                pipeline.addLast(GATE, gate);
            }
            pipeline.remove(this);
        }
    }

    /** One connection's state; touched only on its event loop. */
    static final class Conn {
        final long headTimeoutMillis;
        ChannelHandlerContext gate;
        ChannelHandlerContext watch;
        ScheduledFuture<?> timer;
        boolean headPending;
        boolean between;
        boolean responding;
        boolean closeAfterResponse;
        boolean retired;
        /** A malformed chunked body was answered 400 here: the connection is closing, nothing more goes out. */
        boolean bodyRefused;
        /** The body of the newest request is still arriving (its head came, its last content not yet). */
        boolean bodyArriving;
        /** Within the gate's read: what the decoder makes of the bytes read is not all fired yet. */
        boolean reading;
        /** An error answer written within a read, held (with what follows it) until the read is decoded: see {@link Watch#write}. */
        List<Object[]> held;
        boolean heldFlush;
        /** The answer being written is an error answer to a request whose body is still arriving: close after it. */
        boolean closeUnread;
        /** That answer is out: the rest of the body is read and dropped, then the connection closed. */
        boolean draining;
        final ArrayDeque<Inbound> requests = new ArrayDeque<>();

        Conn(long headTimeoutMillis) {
            this.headTimeoutMillis = headTimeoutMillis;
        }

        void arm() {
            if (timer != null || retired) {
                return;
            }
            headPending = true;
            timer = gate.executor().schedule(this::expire, headTimeoutMillis, TimeUnit.MILLISECONDS);
        }

        void headArrived() {
            headPending = false;
            between = false;
            cancel();
        }

        void cancel() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }

        /** The watch after the HTTP/1 encoder once the codec is there; HTTP/2 retires the guard. */
        void wire() {
            if (watch != null || retired) {
                return;
            }
            ChannelPipeline pipeline = gate.pipeline();
            if (pipeline.get("httpDecoder") != null && pipeline.get("httpEncoder") != null) {
                pipeline.addAfter("httpEncoder", WATCH, new Watch(this));
            } else if (pipeline.get("handler") != null) {
                retire(); // HTTP/2 (ALPN h2 or h2c with prior knowledge): its own framing and timeouts
            }
        }

        void retire() {
            retired = true;
            headPending = false;
            cancel();
            ChannelPipeline pipeline = gate.pipeline();
            if (pipeline.get(GATE) != null) {
                pipeline.remove(GATE);
            }
        }

        void expire() {
            timer = null;
            Channel channel = gate.channel();
            if (!headPending || retired || !channel.isActive()) {
                return;
            }
            wire();
            if (retired) {
                return;
            }
            if (watch != null && gate.pipeline().get("httpDecoder") == null) {
                retire(); // upgraded to h2c: no longer HTTP/1
                return;
            }
            if (responding) {
                closeAfterResponse = true; // a pipelined head stalls while an answer is written: close after it
                return;
            }
            LOG.debugf("%s: no complete request head within %d ms; answered 408 and closed", channel.remoteAddress(),
                    headTimeoutMillis);
            channel.eventLoop().schedule(() -> {
                channel.close();
            }, 2, TimeUnit.SECONDS);
            if (!writable()) {
                channel.close();
                return;
            }
            DomainProblem problem = new DomainProblem(ProblemType.REQUEST_TIMEOUT, "No complete request head (request"
                    + " line and header fields) arrived within " + headTimeoutMillis + " ms; the connection is closed.",
                    Map.of("limit", headTimeoutMillis));
            byte[] body = HttpEdge.json(problem, 408).getBytes(StandardCharsets.UTF_8);
            String head = "HTTP/1.1 408 Request Timeout\r\nContent-Type: " + ProblemBody.MEDIA_TYPE + "\r\nContent-Length: "
                    + body.length + "\r\nConnection: close\r\n\r\n";
            ByteBuf answer = Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.ISO_8859_1), body);
            gate.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
        }

        /** Plain text from the gate reaches the client: no TLS, or a completed handshake whose handler precedes the gate. */
        private boolean writable() {
            ChannelPipeline pipeline = gate.pipeline();
            SslHandler ssl = pipeline.get(SslHandler.class);
            if (ssl == null) {
                return true;
            }
            if (!ssl.handshakeFuture().isSuccess()) {
                return false;
            }
            for (String name : pipeline.names()) {
                if (name.equals(GATE)) {
                    return false;
                }
                if (pipeline.get(name) == ssl) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A decoded request as the watch saw it go in: its method (HEAD's answer has no body) and the decoder's refusal. */
    record Inbound(HttpMethod method, Throwable refusal) {
    }

    /** Before the HTTP decoder: arms the head timer on a connection's first bytes of a next request. */
    static final class Gate extends ChannelInboundHandlerAdapter {
        final Conn conn;

        Gate(Conn conn) {
            this.conn = conn;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            conn.gate = ctx;
            conn.arm(); // from the connection's acceptance: a client that sends nothing is held to the bound too
            conn.wire();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            conn.wire();
            if (!conn.retired && conn.between && msg instanceof ByteBuf bytes && bytes.isReadable()) {
                if (conn.watch != null && ctx.pipeline().get("httpDecoder") == null) {
                    conn.retire(); // upgraded to h2c
                } else {
                    conn.between = false;
                    conn.arm();
                }
            }
            conn.reading = true;
            try {
                ctx.fireChannelRead(msg);
            } finally {
                conn.reading = false;
                if (conn.held != null && conn.watch != null) {
                    ((Watch) conn.watch.handler()).release(conn.watch);
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            conn.cancel();
            ctx.fireChannelInactive();
        }
    }

    /** After the HTTP/1 encoder: a complete head ends the timer; a bare 4xx going out becomes a problem. */
    static final class Watch extends ChannelDuplexHandler {
        final Conn conn;

        Watch(Conn conn) {
            this.conn = conn;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            conn.watch = ctx;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (conn.bodyRefused) {
                ReferenceCountUtil.release(msg); // the connection is closing after the 400
                return;
            }
            if (conn.draining) {
                // the rest of a body answered early: dropped, and at its end the connection closed (nothing unread, no reset)
                boolean last = msg instanceof LastHttpContent;
                ReferenceCountUtil.release(msg);
                if (last) {
                    ctx.close();
                }
                return;
            }
            if (msg instanceof HttpContent content && !(msg instanceof HttpRequest) && content.decoderResult().isFailure()
                    && refuseBody(ctx, content.decoderResult().cause())) {
                content.release();
                return;
            }
            if (msg instanceof HttpRequest request) {
                conn.bodyArriving = !(msg instanceof LastHttpContent);
                conn.headArrived();
                conn.requests.add(new Inbound(request.method(),
                        request.decoderResult().isFailure() ? request.decoderResult().cause() : null));
            }
            if (msg instanceof LastHttpContent) {
                conn.between = true; // what comes next is the next request's head
                conn.bodyArriving = false;
            }
            ctx.fireChannelRead(msg);
        }

        /**
         * A chunk the decoder could not read in the body of the request being received: answered
         * 400 and closed if no answer to it (nor to an earlier request) has begun; else false, and
         * Vert.x resets the request and closes as it does.
         */
        private boolean refuseBody(ChannelHandlerContext ctx, Throwable cause) {
            Channel channel = ctx.channel();
            if (conn.responding || conn.requests.size() != 1 || conn.requests.peek().refusal() != null) {
                LOG.debugf("%s: malformed chunked body (%s) with an answer begun or owed first; closed", channel.remoteAddress(),
                        String.valueOf(cause));
                return false;
            }
            Inbound request = conn.requests.poll();
            conn.bodyRefused = true;
            conn.headPending = false;
            conn.cancel();
            LOG.debugf("%s: malformed chunked body (%s); answered 400 and closed", channel.remoteAddress(),
                    String.valueOf(cause));
            byte[] body = HttpMethod.HEAD.equals(request.method()) ? new byte[0]
                    : HttpEdge.json(malformedChunk(cause), 400).getBytes(StandardCharsets.UTF_8);
            DefaultFullHttpResponse answer = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST,
                    Unpooled.wrappedBuffer(body));
            answer.headers().set(HttpHeaderNames.CONTENT_TYPE, ProblemBody.MEDIA_TYPE);
            answer.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
            answer.headers().set(HttpHeaderNames.CONNECTION, "close");
            channel.eventLoop().schedule(() -> {
                channel.close(); // a client that does not read its answer
            }, 2, TimeUnit.SECONDS);
            ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
            return true;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (conn.bodyRefused) {
                // the application's answer to a request whose body was refused: the 400 was the answer
                ReferenceCountUtil.release(msg);
                if (!promise.isVoid()) {
                    promise.tryFailure(new java.nio.channels.ClosedChannelException());
                }
                return;
            }
            if (msg instanceof HttpResponse response && !HttpVersion.HTTP_1_0.equals(response.protocolVersion())
                    && !HttpVersion.HTTP_1_1.equals(response.protocolVersion())) {
                // Vert.x answers in the request line's version: "GET / HTTP/2.0" got an "HTTP/2.0 400" status line
                response.setProtocolVersion(HttpVersion.HTTP_1_1);
            }
            if (conn.held != null) {
                conn.held.add(new Object[] {msg, promise}); // behind a held error answer
                return;
            }
            if (msg instanceof HttpResponse response && response.status().code() >= 200) {
                Inbound request = conn.requests.poll();
                conn.responding = true;
                if (msg instanceof FullHttpResponse full && bare(full, request)) {
                    msg = asProblem(full, request);
                }
                if (response.status().code() >= 400 && conn.bodyArriving && conn.requests.isEmpty()
                        && (request == null || request.refusal() == null)) {
                    if (conn.reading) {
                        // Answered within the read that brought the head (a refusal on the event loop): the decoder has
                        // not fired the body's rest of these bytes yet. Held until it has, so that a small body read
                        // whole with its head keeps the connection alive.
                        conn.held = new ArrayList<>();
                        conn.held.add(new Object[] {msg, promise});
                        return;
                    }
                    closeUnread((HttpResponse) msg);
                }
            }
            writeOn(ctx, msg, promise);
        }

        private void writeOn(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof LastHttpContent) {
                conn.responding = false;
                if (conn.closeAfterResponse) {
                    promise = promise.unvoid();
                    promise.addListener(ChannelFutureListener.CLOSE);
                } else if (conn.closeUnread) {
                    conn.closeUnread = false;
                    promise = promise.unvoid();
                    promise.addListener(written -> drain(ctx));
                }
            }
            ctx.write(msg, promise);
        }

        /**
         * An error answer while the request's body is still arriving: the application stopped
         * reading it (a parser gave up, a refusal before the body was read), and the request stays
         * paused, so the client's upload would stall until the idle timeout. The answer says
         * {@code Connection: close}; once it is written, the rest of the body is read and dropped,
         * and the connection closed at its end or after {@link #DRAIN_MILLIS} (as Tomcat and nginx
         * close after an unread body, nginx lingering so that the client reads the answer before a
         * reset could take it).
         */
        private void closeUnread(HttpResponse response) {
            response.headers().set(HttpHeaderNames.CONNECTION, "close");
            conn.closeUnread = true;
        }

        private void drain(ChannelHandlerContext ctx) {
            Channel channel = ctx.channel();
            if (!channel.isActive()) {
                return;
            }
            LOG.debugf("%s: answered while the request's body was still arriving; its rest dropped, then closed",
                    channel.remoteAddress());
            conn.draining = true;
            conn.headPending = false;
            conn.cancel();
            channel.eventLoop().schedule(() -> {
                channel.close();
            }, DRAIN_MILLIS, TimeUnit.MILLISECONDS);
            channel.config().setAutoRead(true);
            channel.read();
        }

        /** The read that brought the held answer's request is decoded: the answer goes out, marked to close if the body is still arriving. */
        void release(ChannelHandlerContext ctx) {
            List<Object[]> writes = conn.held;
            boolean flush = conn.heldFlush;
            conn.held = null;
            conn.heldFlush = false;
            for (int i = 0; i < writes.size(); i++) {
                Object msg = writes.get(i)[0];
                ChannelPromise promise = (ChannelPromise) writes.get(i)[1];
                if (i == 0 && conn.bodyArriving && msg instanceof HttpResponse response) {
                    closeUnread(response);
                }
                writeOn(ctx, msg, promise);
            }
            if (flush) {
                ctx.flush();
            }
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {
            if (conn.held != null) {
                conn.heldFlush = true;
                return;
            }
            ctx.flush();
        }
    }

    static boolean bare(FullHttpResponse response, Inbound request) {
        int status = response.status().code();
        return status >= 400 && status < 500 && !response.content().isReadable()
                && !response.headers().contains(HttpHeaderNames.CONTENT_TYPE)
                && !response.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)
                && (request == null || !HttpMethod.HEAD.equals(request.method()));
    }

    static FullHttpResponse asProblem(FullHttpResponse bare, Inbound request) {
        int status = bare.status().code();
        Throwable refusal = request == null ? null : request.refusal();
        byte[] body = HttpEdge.json(problem(status, refusal), status).getBytes(StandardCharsets.UTF_8);
        // Netty's stand-in for a request it could not read is an HTTP/1.0 request: answer as the server speaks
        DefaultFullHttpResponse answer = new DefaultFullHttpResponse(refusal != null ? HttpVersion.HTTP_1_1
                : bare.protocolVersion(), bare.status(),
                Unpooled.wrappedBuffer(body));
        answer.headers().set(bare.headers());
        answer.headers().set(HttpHeaderNames.CONTENT_TYPE, ProblemBody.MEDIA_TYPE);
        answer.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (refusal != null || status == 413) {
            answer.headers().set(HttpHeaderNames.CONNECTION, "close"); // Vert.x closes after these
        }
        bare.release();
        return answer;
    }

    /** 400 {@code invalid-request} for a chunked body the decoder could not read: what in it is malformed. */
    static DomainProblem malformedChunk(Throwable cause) {
        String what;
        if (cause instanceof InvalidChunkTerminationException) {
            what = "a chunk's data is not followed by CRLF (it holds more or fewer bytes than its size line says)";
        } else if (cause instanceof InvalidChunkExtensionException) {
            what = "a chunk-size line has a malformed chunk extension (after ';')";
        } else if (cause instanceof InvalidLineSeparatorException) {
            what = "a chunk-size or trailer line does not end in CRLF";
        } else if (cause instanceof NumberFormatException) {
            what = "a chunk-size line is not a hexadecimal number of bytes (or one too large)";
        } else if (cause instanceof io.netty.handler.codec.TooLongFrameException) {
            what = "a chunk-size or trailer line is too long";
        } else {
            what = "the trailer fields after the last chunk cannot be parsed";
        }
        return new DomainProblem(ProblemType.INVALID_REQUEST, "The request's chunked body is malformed: " + what
                + ". Each chunk is its size in hexadecimal, CRLF, that many bytes, CRLF; a chunk of size 0 ends the body."
                + " Nothing was done; the connection is closed.");
    }

    /** The problem for a bare status: the codec's refusal (its cause) or the body reader's 413, as HttpEdge says them. */
    static DomainProblem problem(int status, Throwable refusal) {
        if (status == 414 || refusal instanceof TooLongHttpLineException) {
            return HttpEdge.uriTooLong("The request line is longer than the HTTP codec reads");
        }
        if (status == 431 || refusal instanceof TooLongHttpHeaderException) {
            return HttpEdge.headersTooLarge("The header fields are larger than the HTTP codec reads");
        }
        if (status == 413) {
            return HttpEdge.tooLarge(settings.maxBodyBytes());
        }
        if (status == 400 && refusal != null) {
            String message = String.valueOf(refusal.getMessage());
            if (message.contains("Content-Length")) {
                return new DomainProblem(ProblemType.INVALID_REQUEST, "The request has more than one Content-Length"
                        + " header, or one that is not a number; HTTP/1.1 takes one. The connection is closed.");
            }
            return new DomainProblem(ProblemType.INVALID_REQUEST, "The request line or a header field cannot be parsed as"
                    + " HTTP/1.1 (METHOD SP request-target SP HTTP/1.1, then name: value lines). The connection is closed.");
        }
        return ProblemBody.httpLayer(status);
    }
}
