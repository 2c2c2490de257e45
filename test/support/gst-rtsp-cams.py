#!/usr/bin/python3
# Test cameras: GStreamer's RTSP server (an independent implementation) serving /h264 and /h265 from videotestsrc,
# live-encoded at a small size, optionally behind Digest auth; or, with --file-h264/--file-h265, an MP4 file sent
# as it is (B-frames included), from its start for each client, at real time. Prints "READY <port>" once listening.
# usage: /usr/bin/python3 gst-rtsp-cams.py [--port 0] [--width 320] [--height 240] [--fps 15] [--auth user:pass]
#                                          [--file-h264 clip.mp4] [--file-h265 clip.mp4]
import argparse, signal, sys
import gi
gi.require_version('Gst', '1.0'); gi.require_version('GstRtspServer', '1.0'); gi.require_version('GstRtsp', '1.0')
from gi.repository import Gst, GstRtspServer, GstRtsp, GLib

def main():
    Gst.init(None)
    ap = argparse.ArgumentParser()
    for k, d in [('--port', 0), ('--width', 320), ('--height', 240), ('--fps', 15)]:
        ap.add_argument(k, type=int, default=d)
    ap.add_argument('--auth', default='')
    ap.add_argument('--file-h264'); ap.add_argument('--file-h265')
    a = ap.parse_args()
    files = {'h264': a.file_h264, 'h265': a.file_h265}
    server = GstRtspServer.RTSPServer(); server.set_address('127.0.0.1'); server.set_service(str(a.port))
    server.get_thread_pool().set_max_threads(8)  # default 1: concurrent clients would wait on each other
    raw = (f'videotestsrc is-live=true pattern=ball ! video/x-raw,width={a.width},height={a.height},framerate={a.fps}/1 '
           f'! timeoverlay font-desc="Sans 12"')
    encoders = {
        'h264': (f'x264enc tune=zerolatency speed-preset=ultrafast bitrate=300 key-int-max={a.fps} threads=1 '
                 f'! video/x-h264,profile=baseline ! h264parse config-interval=-1 '
                 f'! rtph264pay name=pay0 pt=96 config-interval=0 aggregate-mode=zero-latency'),
        'h265': (f'x265enc tune=zerolatency speed-preset=ultrafast bitrate=300 key-int-max={a.fps} '
                 f'option-string="pools=1:frame-threads=1" '
                 f'! video/x-h265,profile=main ! h265parse config-interval=-1 ! rtph265pay name=pay0 pt=96 config-interval=0'),
    }
    mounts = server.get_mount_points()
    role = None
    if a.auth:
        user, pw = a.auth.split(':', 1)
        auth = GstRtspServer.RTSPAuth(); tok = GstRtspServer.RTSPToken(); tok.set_string('media.factory.role', user)
        auth.add_digest(user, pw, tok); auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST); server.set_auth(auth)
        role = Gst.Structure.from_string(f'{user}, media.factory.access=(boolean)true, media.factory.construct=(boolean)true')[0]
    keep = []
    for name, enc in encoders.items():
        f = GstRtspServer.RTSPMediaFactory()
        if files[name] is None:
            f.set_shared(True); f.set_launch(f'( {raw} ! {enc} )')
        else:
            # The payloader stamps each packet with the buffer's presentation time, in decode order: what a camera sends.
            f.set_shared(False)
            f.set_launch(f'( filesrc location="{files[name]}" ! qtdemux ! {name}parse config-interval=-1 ! rtp{name}pay name=pay0 pt=96 )')
        if role is not None: f.add_role_from_structure(role)
        keep.append(f); mounts.add_factory(f'/{name}', f)
    server.attach(None)
    print(f'READY {server.get_bound_port()}', flush=True)
    loop = GLib.MainLoop()
    for s in (signal.SIGTERM, signal.SIGINT): GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, s, loop.quit)
    loop.run()

if __name__ == '__main__':
    main()
