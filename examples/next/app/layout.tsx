import type { Metadata } from 'next';
import type { ReactNode } from 'react';
// The kit's theme styles only its own elements: this page keeps its own colours.
import '@handset/react/theme.css';

export const metadata: Metadata = {
  title: 'handset on Next.js',
  description: 'A softphone on the sandbox line, server-rendered by Next.js.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
