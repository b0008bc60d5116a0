import { describe, expect, it } from 'vitest';
import { sdpFingerprint } from './peer-link';

const sdp = (fingerprint: string) => ['v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 'm=audio 9 UDP/TLS/RTP/SAVPF 111', `a=fingerprint:${fingerprint}`, 'a=setup:actpass', ''].join('\r\n');

describe('sdpFingerprint', () => {
  it('names the peer connection an SDP comes from, so an offer from a reloaded page is told from a renegotiation', () => {
    expect(sdpFingerprint(sdp('sha-256 AB:CD:EF'))).toBe('sha-256 AB:CD:EF');
    expect(sdpFingerprint(sdp('sha-256 AB:CD:EF'))).not.toBe(sdpFingerprint(sdp('sha-256 01:23:45')));
    expect(sdpFingerprint('v=0\r\ns=-\r\n')).toBeNull();
  });
});
