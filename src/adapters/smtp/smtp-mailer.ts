/**
 * The Mailer port over SMTP (nodemailer), used only when PATHWISE_SMTP_URL is set. The URL carries
 * host, port, TLS (smtps://) and credentials: `smtp://user:pass@mail.example:587`.
 */
import nodemailer from 'nodemailer';
import type { Mailer } from '../../ports.js';

export function createSmtpMailer(props: { url: string; from: string }): Mailer {
  const transport = nodemailer.createTransport(props.url);
  return {
    async send(message) {
      await transport.sendMail({
        from: props.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
      });
    },
    close() {
      transport.close();
    },
  };
}
