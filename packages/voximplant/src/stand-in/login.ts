import type { Verdict } from './account';
import type { Cloud, Socket } from './cloud';
import { ClientFrame, type LoggedFrame, ServerFrame, stringAt } from './frames';

/** Answers a login frame (password, token, one-time key, token refresh); false for any other frame. */
export function handleLogin(cloud: Cloud, socket: Socket, frame: LoggedFrame): boolean {
  const { params } = frame;
  const { account } = cloud;
  switch (frame.name) {
    case ClientFrame.login: {
      const username = stringAt(params, 0) ?? '';
      const options = (params[2] ?? {}) as { accessToken?: unknown };
      const byToken = typeof options.accessToken === 'string' && options.accessToken.length > 0;
      const verdict = byToken ? account.checkAccessToken(username, options.accessToken) : account.checkPassword(username, params[1]);
      loggedIn(cloud, socket, verdict, !byToken);
      return true;
    }
    case ClientFrame.loginGenerateOneTimeKey: {
      const key = account.oneTimeKey(stringAt(params, 0) ?? '');
      // The cloud answers a key request with loginFailed 302 carrying the key (the SDK's FAIL_CODE_ONE_TIME_KEY).
      cloud.send(socket, ServerFrame.loginFailed, key === null ? [404] : [302, key]);
      return true;
    }
    case ClientFrame.loginUsingOneTimeKey:
      loggedIn(cloud, socket, account.checkOneTimeHash(stringAt(params, 0) ?? '', params[1]), true);
      return true;
    case ClientFrame.refreshOauthToken: {
      const argument = params[1];
      const refreshToken =
        typeof argument === 'object' && argument !== null ? (argument as { refreshToken?: unknown }).refreshToken : argument;
      const result = account.refresh(stringAt(params, 0) ?? '', refreshToken);
      if (typeof result === 'number') cloud.send(socket, ServerFrame.refreshOauthTokenFailed, [result]);
      else cloud.send(socket, ServerFrame.refreshOauthTokenSuccessful, [{ OAuth: result }]);
      return true;
    }
    default:
      return false;
  }
}

function loggedIn(cloud: Cloud, socket: Socket, verdict: Verdict, issueTokens: boolean): void {
  if (!verdict.ok) {
    cloud.send(socket, ServerFrame.loginFailed, [verdict.code]);
    return;
  }
  socket.username = verdict.user.username;
  const OAuth = issueTokens ? cloud.account.issue(verdict.user.username) : null;
  // No iceConfig: the SDK then uses no ICE servers, so only host candidates on loopback are gathered.
  cloud.send(socket, ServerFrame.loginSuccessful, [
    verdict.user.displayName ?? verdict.user.username,
    { OAuth, connectionId: `stand-in-${socket.id}` },
  ]);
}
