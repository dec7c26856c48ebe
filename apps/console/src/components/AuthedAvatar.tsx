// The photo is served by the API behind the bearer token, so it is fetched, not linked.
import { useEffect, useState } from "react";
import { Avatar, type SxProps } from "@mui/material";
import { accessToken } from "../auth/oidc";

export function useAuthedImage(url: string | null | undefined): string | undefined {
  const [src, setSrc] = useState<string>();
  useEffect(() => {
    if (!url) return setSrc(undefined);
    let objectUrl: string | undefined;
    let cancelled = false;
    (async () => {
      const token = await accessToken();
      const response = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
      if (!response.ok || cancelled) return;
      objectUrl = URL.createObjectURL(await response.blob());
      setSrc(objectUrl);
    })().catch(() => undefined);
    return () => {
      cancelled = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [url]);
  return src;
}

export function AuthedAvatar({ url, name, sx }: { url: string | null | undefined; name: string; sx?: SxProps }) {
  const src = useAuthedImage(url);
  const initials = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase())
    .join("");
  return (
    <Avatar src={src} alt={src ? `Photo de ${name}` : ""} sx={sx}>
      {initials}
    </Avatar>
  );
}
