// The photo is served by the API behind the bearer token, so it is fetched, not linked.
import { ofName } from "@convergences/contract";
import { useEffect, useState } from "react";
import { Avatar, type SxProps, type Theme } from "@mui/material";
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

interface Props {
  url: string | null | undefined;
  name: string;
  sx?: SxProps<Theme>;
  /** Inside a labelled button (the banner's account menu) no initials: a person icon, so the button's name is all that is read and seen. */
  initials?: boolean;
}

export function AuthedAvatar({ url, name, sx, initials: showInitials = true }: Props) {
  const src = useAuthedImage(url);
  const initials = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase())
    .join("");
  return (
    // Initials on the primary colour (AA contrast, unlike the default grey); the name is said elsewhere, so they are not read.
    <Avatar
      src={src}
      alt={src ? `Photo ${ofName(name)}` : ""}
      sx={[{ bgcolor: "primary.main", color: "#fff" }, ...(Array.isArray(sx) ? sx : [sx])]}
    >
      {showInitials ? <span aria-hidden="true">{initials}</span> : undefined}
    </Avatar>
  );
}
