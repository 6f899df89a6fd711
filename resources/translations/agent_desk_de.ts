<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>CallOutcome</name>
    <message>
        <source>Resolved</source>
        <translation>Gelöst</translation>
    </message>
    <message>
        <source>Follow-up needed</source>
        <translation>Nachverfolgung nötig</translation>
    </message>
    <message>
        <source>Callback promised</source>
        <translation>Rückruf zugesagt</translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation>Eskaliert</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>Nicht erreicht</translation>
    </message>
</context>
<context>
    <name>CaseReport</name>
    <message>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <source>Open promises</source>
        <translation>Offene Zusagen</translation>
    </message>
    <message>
        <source>Open tasks</source>
        <translation>Offene Aufgaben</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Notes and call logs</source>
        <translation>Notizen und Anrufprotokolle</translation>
    </message>
    <message>
        <source>Offers and answers</source>
        <translation>Angebote und Antworten</translation>
    </message>
    <message>
        <source>Merge journal</source>
        <translation>Zusammenführungsprotokoll</translation>
    </message>
    <message>
        <source>[redacted]</source>
        <translation>[geschwärzt]</translation>
    </message>
    <message>
        <source>{start} to {end}</source>
        <translation>{start} bis {end}</translation>
    </message>
    <message>
        <source>{start} to today</source>
        <translation>{start} bis heute</translation>
    </message>
    <message>
        <source>the start to {end}</source>
        <translation>Anfang bis {end}</translation>
    </message>
    <message>
        <source>all of it</source>
        <translation>gesamter Zeitraum</translation>
    </message>
    <message>
        <source>unknown report section(s): {unknown} (choose from {sections})</source>
        <translation>unbekannte(r) Berichtsabschnitt(e): {unknown} (zur Auswahl: {sections})</translation>
    </message>
    <message>
        <source>customer #{id} does not exist</source>
        <translation>Kunde #{id} existiert nicht</translation>
    </message>
    <message>
        <source>Redacted case report: {name}</source>
        <translation>Geschwärzter Fallbericht: {name}</translation>
    </message>
    <message>
        <source>Redacted case report of customer #{id}, printed {when}</source>
        <translation>Geschwärzter Fallbericht zu Kunde #{id}, gedruckt am {when}</translation>
    </message>
    <message>
        <source>Case report: {name}</source>
        <translation>Fallbericht: {name}</translation>
    </message>
    <message>
        <source>Case report of customer #{id}, printed {when}</source>
        <translation>Fallbericht zu Kunde #{id}, gedruckt am {when}</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Firma</translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation>Präferenzen</translation>
    </message>
    <message>
        <source>In systems</source>
        <translation>In Systemen</translation>
    </message>
    <message>
        <source>no purchases</source>
        <translation>keine Käufe</translation>
    </message>
    <message>
        <source>Value tier: {tier}; lifetime revenue {revenue}</source>
        <translation>Wertstufe: {tier}; Gesamtumsatz {revenue}</translation>
    </message>
    <message>
        <source>Lifecycle stage: {stage} ({reason})</source>
        <translation>Lebenszyklusphase: {stage} ({reason})</translation>
    </message>
    <message>
        <source>Defection risk: {risk}</source>
        <translation>Abwanderungsrisiko: {risk}</translation>
    </message>
    <message>
        <source>Last time: {last}</source>
        <translation>Letzter Kontakt: {last}</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Fällig</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Promise</source>
        <translation>Zusage</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Verantwortlich</translation>
    </message>
    <message>
        <source>No open promises.</source>
        <translation>Keine offenen Zusagen.</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>Zuständig</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>No open tasks.</source>
        <translation>Keine offenen Aufgaben.</translation>
    </message>
    <message>
        <source>every source</source>
        <translation>alle Quellen</translation>
    </message>
    <message>
        <source>no source</source>
        <translation>keine Quelle</translation>
    </message>
    <message>
        <source>Timeline (oldest first)</source>
        <translation>Verlauf (älteste zuerst)</translation>
    </message>
    <message>
        <source>Period: {period}; {sources}; {count} events.</source>
        <translation>Zeitraum: {period}; {sources}; {count} Ereignisse.</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Referenz</translation>
    </message>
    <message>
        <source>Offered</source>
        <translation>Angeboten</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produkt</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>No offers made.</source>
        <translation>Keine Angebote unterbreitet.</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>Datensätze</translation>
    </message>
    <message>
        <source>No merges, splits or undos.</source>
        <translation>Keine Zusammenführungen, Trennungen oder Rückgängigmachungen.</translation>
    </message>
    <message>
        <source>Confidential: customer data. Share only as your data protection rules allow.</source>
        <translation>Vertraulich: Kundendaten. Nur im Rahmen Ihrer Datenschutzregeln weitergeben.</translation>
    </message>
    <message>
        <source>Redacted copy: e-mail addresses, phone numbers and the address are masked.</source>
        <translation>Geschwärzte Kopie: E-Mail-Adressen, Telefonnummern und die Adresse sind unkenntlich gemacht.</translation>
    </message>
    <message>
        <source>{ids}, and {count} more</source>
        <translation>{ids} und {count} weitere</translation>
    </message>
    <message>
        <source>{when} · Call by {author}</source>
        <translation>{when} · Anruf von {author}</translation>
    </message>
    <message>
        <source>{when} · Note by {author}</source>
        <translation>{when} · Notiz von {author}</translation>
    </message>
    <message>
        <source>{title} — outcome: {outcome}</source>
        <translation>{title} — Ergebnis: {outcome}</translation>
    </message>
    <message>
        <source>{when} · Note</source>
        <translation>{when} · Notiz</translation>
    </message>
    <message>
        <source>No notes or call logs.</source>
        <translation>Keine Notizen oder Anrufprotokolle.</translation>
    </message>
</context>
<context>
    <name>CaseReportDialog</name>
    <message>
        <source>Print case report</source>
        <translation>Fallbericht drucken</translation>
    </message>
    <message>
        <source>Case report — {customer}</source>
        <translation>Fallbericht — {customer}</translation>
    </message>
    <message>
        <source>Sections</source>
        <translation>Abschnitte</translation>
    </message>
    <message>
        <source>All of it</source>
        <translation>Gesamter Zeitraum</translation>
    </message>
    <message>
        <source>from</source>
        <translation>von</translation>
    </message>
    <message>
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <source>Timeline period</source>
        <translation>Zeitraum des Verlaufs</translation>
    </message>
    <message>
        <source>Timeline events from these sources</source>
        <translation>Verlaufsereignisse aus diesen Quellen</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>Quellen</translation>
    </message>
    <message>
        <source>Include internal notes</source>
        <translation>Interne Notizen einbeziehen</translation>
    </message>
    <message>
        <source>Redact e-mail, phone and address (for sharing outside)</source>
        <translation>E-Mail, Telefon und Adresse schwärzen (zur Weitergabe nach außen)</translation>
    </message>
    <message>
        <source>Pre&amp;view</source>
        <translation>&amp;Vorschau</translation>
    </message>
    <message>
        <source>The period must start before it ends.</source>
        <translation>Der Beginn des Zeitraums muss vor dem Ende liegen.</translation>
    </message>
    <message>
        <source>Tick at least one source for the timeline.</source>
        <translation>Wählen Sie mindestens eine Quelle für den Verlauf aus.</translation>
    </message>
</context>
<context>
    <name>ChangeDialog</name>
    <message>
        <source>New due date: {promise}</source>
        <translation>Neues Fälligkeitsdatum: {promise}</translation>
    </message>
    <message>
        <source>Cancel the promise: {promise}</source>
        <translation>Zusage stornieren: {promise}</translation>
    </message>
    <message>
        <source>Promise</source>
        <translation>Zusage</translation>
    </message>
    <message>
        <source>New due time</source>
        <translation>Neuer Fälligkeitszeitpunkt</translation>
    </message>
    <message>
        <source>Was due</source>
        <translation>War fällig am</translation>
    </message>
    <message>
        <source>&amp;New due</source>
        <translation>&amp;Neu fällig am</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Kept in the promise&apos;s history</source>
        <translation>Wird in der Historie der Zusage gespeichert</translation>
    </message>
    <message>
        <source>&amp;Why</source>
        <translation>&amp;Begründung</translation>
    </message>
    <message>
        <source>Say why (it stays in the history).</source>
        <translation>Geben Sie einen Grund an (er bleibt in der Historie).</translation>
    </message>
</context>
<context>
    <name>CommandPalette</name>
    <message>
        <source>Command palette</source>
        <translation>Befehlspalette</translation>
    </message>
    <message>
        <source>Commands</source>
        <translation>Befehle</translation>
    </message>
    <message>
        <source>Type a command</source>
        <translation>Befehl eingeben</translation>
    </message>
    <message>
        <source>Type a command: log call, print, find, sync…</source>
        <translation>Befehl eingeben: Anruf erfassen, drucken, suchen, synchronisieren…</translation>
    </message>
</context>
<context>
    <name>CommitmentDialog</name>
    <message>
        <source>New commitment</source>
        <translation>Neue Zusage</translation>
    </message>
    <message>
        <source>Promise to {customer}</source>
        <translation>Zusage an {customer}</translation>
    </message>
    <message>
        <source>What was promised</source>
        <translation>Was zugesagt wurde</translation>
    </message>
    <message>
        <source>As said on the call: &quot;refund by Friday&quot;, &quot;call back tomorrow 10:00&quot;</source>
        <translation>Wie im Gespräch gesagt: &quot;refund by Friday&quot;, &quot;call back tomorrow 10:00&quot;</translation>
    </message>
    <message>
        <source>&amp;Promise</source>
        <translation>&amp;Zusage</translation>
    </message>
    <message>
        <source>Type the promise; the kind and the due time are read from it.</source>
        <translation>Geben Sie die Zusage ein; Art und Fälligkeit werden daraus erkannt.</translation>
    </message>
    <message>
        <source>What was understood</source>
        <translation>Was erkannt wurde</translation>
    </message>
    <message>
        <source>Kind of promise</source>
        <translation>Art der Zusage</translation>
    </message>
    <message>
        <source>&amp;Kind</source>
        <translation>A&amp;rt</translation>
    </message>
    <message>
        <source>Due by</source>
        <translation>Fällig bis</translation>
    </message>
    <message>
        <source>D&amp;ue by</source>
        <translation>&amp;Fällig bis</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Verantwortlich</translation>
    </message>
    <message>
        <source>&amp;Owner</source>
        <translation>&amp;Verantwortlich</translation>
    </message>
    <message>
        <source>Tell the customer by</source>
        <translation>Kunden informieren per</translation>
    </message>
    <message>
        <source>(as usual)</source>
        <translation>(wie üblich)</translation>
    </message>
    <message>
        <source>{channel} (opted out)</source>
        <translation>{channel} (abgelehnt)</translation>
    </message>
    <message>
        <source>Tell &amp;by</source>
        <translation>&amp;Informieren per</translation>
    </message>
    <message>
        <source>Kept when this arrives</source>
        <translation>Eingehalten, wenn dies eintrifft</translation>
    </message>
    <message>
        <source>(kept by hand)</source>
        <translation>(manuell als eingehalten markieren)</translation>
    </message>
    <message>
        <source>Order or ticket reference</source>
        <translation>Bestell- oder Ticketnummer</translation>
    </message>
    <message>
        <source>Kept &amp;when</source>
        <translation>Eingehalten, &amp;wenn</translation>
    </message>
    <message>
        <source>Update the customer every so many days</source>
        <translation>Kunden im Abstand von so vielen Tagen informieren</translation>
    </message>
    <message>
        <source>no regular updates</source>
        <translation>kein regelmäßiger Zwischenstand</translation>
    </message>
    <message>
        <source> day(s)</source>
        <translation> Tag(e)</translation>
    </message>
    <message>
        <source>Update every</source>
        <translation>Zwischenstand alle</translation>
    </message>
    <message>
        <source>This due time has already passed: check it with the customer.</source>
        <translation>Diese Fälligkeit ist bereits verstrichen: Klären Sie sie mit dem Kunden.</translation>
    </message>
    <message>
        <source>Type what was promised.</source>
        <translation>Geben Sie ein, was zugesagt wurde.</translation>
    </message>
    <message>
        <source>The customer opted out of {channel}: choose another channel.</source>
        <translation>Der Kunde hat {channel} abgelehnt: Wählen Sie einen anderen Kanal.</translation>
    </message>
    <message>
        <source>Say which order or ticket the evidence is about (e.g. #1004).</source>
        <translation>Geben Sie an, um welche Bestellung oder welches Ticket es beim Nachweis geht (z. B. #1004).</translation>
    </message>
</context>
<context>
    <name>CommitmentKind</name>
    <message>
        <source>Call back</source>
        <translation>Rückruf</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>Erstattung</translation>
    </message>
    <message>
        <source>Replacement</source>
        <translation>Ersatz</translation>
    </message>
    <message>
        <source>Credit</source>
        <translation>Gutschrift</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>Besuch</translation>
    </message>
    <message>
        <source>Status update</source>
        <translation>Statusmeldung</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Sonstiges</translation>
    </message>
</context>
<context>
    <name>CommitmentStatus</name>
    <message>
        <source>open</source>
        <translation>offen</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>überfällig</translation>
    </message>
    <message>
        <source>kept</source>
        <translation>eingehalten</translation>
    </message>
    <message>
        <source>kept late</source>
        <translation>verspätet eingehalten</translation>
    </message>
    <message>
        <source>broken</source>
        <translation>gebrochen</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>storniert</translation>
    </message>
</context>
<context>
    <name>ConfirmDialog</name>
    <message>
        <source>What will change</source>
        <translation>Was sich ändert</translation>
    </message>
</context>
<context>
    <name>Conflict</name>
    <message>
        <source>somebody else</source>
        <translation>jemand anderem</translation>
    </message>
    <message>
        <source>{what} was changed by {who} after you opened it: reload it to see the change, then make yours again</source>
        <translation>{what} wurde von {who} geändert, nachdem Sie den Eintrag geöffnet hatten: Laden Sie ihn neu, um die Änderung zu sehen, und nehmen Sie Ihre Änderung dann erneut vor</translation>
    </message>
    <message>
        <source>{what} was changed by {who} at {time} on {day} after you opened it: reload it to see the change, then make yours again</source>
        <translation>{what} wurde am {day} um {time} von {who} geändert, nachdem Sie den Eintrag geöffnet hatten: Laden Sie ihn neu, um die Änderung zu sehen, und nehmen Sie Ihre Änderung dann erneut vor</translation>
    </message>
</context>
<context>
    <name>ContactChannel</name>
    <message>
        <source>phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>e-mail</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <source>post</source>
        <translation>Post</translation>
    </message>
    <message>
        <source>chat</source>
        <translation>Chat</translation>
    </message>
</context>
<context>
    <name>CustomerArea</name>
    <message>
        <source>Customer 360</source>
        <translation>Kundenansicht 360°</translation>
    </message>
    <message>
        <source>No customer open</source>
        <translation>Kein Kunde geöffnet</translation>
    </message>
    <message>
        <source>Press &lt;b&gt;Ctrl+F&lt;/b&gt; and type a name, phone number, e-mail or customer number.</source>
        <translation>Drücken Sie &lt;b&gt;Strg+F&lt;/b&gt; und geben Sie einen Namen, eine Telefonnummer, eine E-Mail-Adresse oder eine Kundennummer ein.</translation>
    </message>
    <message>
        <source>Special handling</source>
        <translation>Sonderbehandlung</translation>
    </message>
    <message>
        <source>Customer header</source>
        <translation>Kundenkopfbereich</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Kontakt</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Firma</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>In systems</source>
        <translation>In Systemen</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>Defection risk</source>
        <translation>Abwanderungsrisiko</translation>
    </message>
    <message>
        <source>Open</source>
        <comment>still to be done: tickets, promises</comment>
        <translation>Offen</translation>
    </message>
    <message>
        <source>Last time</source>
        <translation>Zuletzt</translation>
    </message>
    <message>
        <source>Other agents with this customer open</source>
        <translation>Andere Mitarbeiter, die diesen Kunden geöffnet haben</translation>
    </message>
    <message>
        <source>Stale data warning</source>
        <translation>Warnung: veraltete Daten</translation>
    </message>
    <message>
        <source>Customer details</source>
        <translation>Kundendetails</translation>
    </message>
    <message>
        <source>&amp;Timeline</source>
        <translation>&amp;Verlauf</translation>
    </message>
    <message>
        <source>&amp;Identity</source>
        <translation>&amp;Identität</translation>
    </message>
    <message>
        <source>Do not contact by {channels}</source>
        <translation>Nicht kontaktieren per {channels}</translation>
    </message>
    <message>
        <source>No opt-outs</source>
        <translation>Keine Widersprüche</translation>
    </message>
    <message>
        <source>only in Agent Desk</source>
        <translation>nur in Agent Desk</translation>
    </message>
    <message>
        <source>no purchases yet</source>
        <translation>noch keine Käufe</translation>
    </message>
    <message>
        <source>No tier</source>
        <translation>Keine Wertstufe</translation>
    </message>
    <message>
        <source>{tier} · lifetime revenue {revenue} (also {currencies})</source>
        <translation>{tier} · Gesamtumsatz {revenue} (außerdem {currencies})</translation>
    </message>
    <message>
        <source>{tier} · lifetime revenue {revenue}</source>
        <translation>{tier} · Gesamtumsatz {revenue}</translation>
    </message>
    <message numerus="yes">
        <source>%n ticket(s)</source>
        <translation>
            <numerusform>%n Ticket</numerusform>
            <numerusform>%n Tickets</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n promise(s)</source>
        <translation>
            <numerusform>%n Zusage</numerusform>
            <numerusform>%n Zusagen</numerusform>
        </translation>
    </message>
    <message>
        <source>{tickets}, {promises}, {overdue} overdue</source>
        <translation>{tickets}, {promises}, {overdue} überfällig</translation>
    </message>
    <message>
        <source>{tickets}, {promises}</source>
        <translation>{tickets}, {promises}</translation>
    </message>
    <message>
        <source>no contact yet</source>
        <translation>noch kein Kontakt</translation>
    </message>
    <message>
        <source>{agent} (since {time})</source>
        <translation>{agent} (seit {time})</translation>
    </message>
    <message>
        <source>Also open by {names}: agree who calls the customer back.</source>
        <translation>Auch geöffnet von {names}: Sprechen Sie ab, wer den Kunden zurückruft.</translation>
    </message>
    <message>
        <source>Data may be out of date. {reason}</source>
        <translation>Daten sind möglicherweise veraltet. {reason}</translation>
    </message>
</context>
<context>
    <name>CustomerIdDialog</name>
    <message>
        <source>Other customer number</source>
        <translation>Andere Kundennummer</translation>
    </message>
    <message>
        <source>Customer number, e.g. 1042</source>
        <translation>Kundennummer, z. B. 1042</translation>
    </message>
    <message>
        <source>Preview merge…</source>
        <translation>Vorschau der Zusammenführung…</translation>
    </message>
    <message>
        <source>That is this customer: give the other one&apos;s number.</source>
        <translation>Das ist dieser Kunde: Geben Sie die Nummer des anderen an.</translation>
    </message>
</context>
<context>
    <name>DoctorReport</name>
    <message>
        <source>warning: {value}</source>
        <translation>Warnung: {value}</translation>
    </message>
    <message>
        <source>{count} problem(s) found</source>
        <translation>{count} Problem(e) gefunden</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>ErrorReporter</name>
    <message>
        <source>{kind}: {error} (in {file}, line {line})</source>
        <translation>{kind}: {error} (in {file}, Zeile {line})</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>Etwas ist schiefgelaufen</translation>
    </message>
    <message>
        <source>Agent Desk hit a problem. Your work is kept and the app keeps running.</source>
        <translation>Agent Desk ist auf ein Problem gestoßen. Ihre Arbeit bleibt erhalten und die Anwendung läuft weiter.</translation>
    </message>
    <message>
        <source>{summary}

Details are in the log file:
{log_file}</source>
        <translation>{summary}

Details stehen in der Protokolldatei:
{log_file}</translation>
    </message>
</context>
<context>
    <name>EventKind</name>
    <message>
        <source>Invoice issued</source>
        <translation>Rechnung gestellt</translation>
    </message>
    <message>
        <source>Credit note</source>
        <translation>Gutschrift</translation>
    </message>
    <message>
        <source>Payment received</source>
        <translation>Zahlung eingegangen</translation>
    </message>
    <message>
        <source>Contract started</source>
        <translation>Vertrag begonnen</translation>
    </message>
    <message>
        <source>Order placed</source>
        <translation>Bestellung aufgegeben</translation>
    </message>
    <message>
        <source>Order paid</source>
        <translation>Bestellung bezahlt</translation>
    </message>
    <message>
        <source>Order shipped</source>
        <translation>Bestellung versandt</translation>
    </message>
    <message>
        <source>Order cancelled</source>
        <translation>Bestellung storniert</translation>
    </message>
    <message>
        <source>Order refunded</source>
        <translation>Bestellung erstattet</translation>
    </message>
    <message>
        <source>Ticket opened</source>
        <translation>Ticket eröffnet</translation>
    </message>
    <message>
        <source>Ticket reply</source>
        <translation>Ticket-Antwort</translation>
    </message>
    <message>
        <source>Ticket note</source>
        <translation>Ticket-Notiz</translation>
    </message>
    <message>
        <source>Ticket status changed</source>
        <translation>Ticketstatus geändert</translation>
    </message>
    <message>
        <source>Ticket solved</source>
        <translation>Ticket gelöst</translation>
    </message>
    <message>
        <source>Satisfaction rated</source>
        <translation>Zufriedenheit bewertet</translation>
    </message>
    <message>
        <source>Call logged</source>
        <translation>Anruf protokolliert</translation>
    </message>
    <message>
        <source>Note added</source>
        <translation>Notiz hinzugefügt</translation>
    </message>
    <message>
        <source>Offer made</source>
        <translation>Angebot unterbreitet</translation>
    </message>
    <message>
        <source>Address changed</source>
        <translation>Adresse geändert</translation>
    </message>
</context>
<context>
    <name>EvidenceKind</name>
    <message>
        <source>a refund on order {ref}</source>
        <translation>eine Erstattung zu Bestellung {ref}</translation>
    </message>
    <message>
        <source>a shipment of order {ref}</source>
        <translation>ein Versand von Bestellung {ref}</translation>
    </message>
    <message>
        <source>the cancellation of order {ref}</source>
        <translation>die Stornierung von Bestellung {ref}</translation>
    </message>
    <message>
        <source>ticket {ref} solved</source>
        <translation>Ticket {ref} gelöst</translation>
    </message>
    <message>
        <source>a credit note on {ref}</source>
        <translation>eine Gutschrift zu {ref}</translation>
    </message>
    <message>
        <source>a payment on {ref}</source>
        <translation>eine Zahlung zu {ref}</translation>
    </message>
</context>
<context>
    <name>FollowUpPanel</name>
    <message>
        <source>Commitments and tasks</source>
        <translation>Zusagen und Aufgaben</translation>
    </message>
    <message>
        <source>Commitments made to this customer</source>
        <translation>Zusagen an diesen Kunden</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Promise</source>
        <translation>Zusage</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Fällig</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Verantwortlich</translation>
    </message>
    <message>
        <source>Kept when</source>
        <translation>Eingehalten, wenn</translation>
    </message>
    <message>
        <source>&amp;Kept</source>
        <translation>&amp;Eingehalten</translation>
    </message>
    <message>
        <source>Mark the selected promise kept</source>
        <translation>Ausgewählte Zusage als eingehalten markieren</translation>
    </message>
    <message>
        <source>New &amp;date…</source>
        <translation>Neues &amp;Datum…</translation>
    </message>
    <message>
        <source>Agree a new due date (the old one stays in history)</source>
        <translation>Ein neues Fälligkeitsdatum vereinbaren (das alte bleibt in der Historie)</translation>
    </message>
    <message>
        <source>Ca&amp;ncel…</source>
        <translation>&amp;Stornieren…</translation>
    </message>
    <message>
        <source>Cancel the promise, with a reason</source>
        <translation>Die Zusage mit Begründung stornieren</translation>
    </message>
    <message>
        <source>Re&amp;open</source>
        <translation>&amp;Wieder öffnen</translation>
    </message>
    <message>
        <source>Open a kept, broken or cancelled promise again</source>
        <translation>Eine eingehaltene, gebrochene oder stornierte Zusage wieder öffnen</translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation>&amp;Historie</translation>
    </message>
    <message>
        <source>Every change of the selected promise</source>
        <translation>Jede Änderung der ausgewählten Zusage</translation>
    </message>
    <message>
        <source>History of the selected promise</source>
        <translation>Historie der ausgewählten Zusage</translation>
    </message>
    <message>
        <source>Tasks about this customer</source>
        <translation>Aufgaben zu diesem Kunden</translation>
    </message>
    <message>
        <source>by hand</source>
        <translation>manuell</translation>
    </message>
    <message>
        <source>no date</source>
        <translation>kein Datum</translation>
    </message>
    <message>
        <source>No history.</source>
        <translation>Keine Historie.</translation>
    </message>
</context>
<context>
    <name>FollowUps</name>
    <message>
        <source>&amp;Follow-ups</source>
        <translation>Nachver&amp;folgung</translation>
    </message>
    <message>
        <source>Changed by someone else</source>
        <translation>Von jemand anderem geändert</translation>
    </message>
    <message>
        <source>The view now shows their change.</source>
        <translation>Die Ansicht zeigt jetzt die andere Änderung.</translation>
    </message>
    <message>
        <source>New &amp;task…</source>
        <translation>Neue &amp;Aufgabe…</translation>
    </message>
    <message>
        <source>New &amp;commitment (promise)…</source>
        <translation>Neue &amp;Zusage…</translation>
    </message>
    <message>
        <source>Go to &amp;My day</source>
        <translation>&amp;Mein Tag anzeigen</translation>
    </message>
    <message>
        <source>&amp;Complete task</source>
        <translation>Aufgabe &amp;erledigen</translation>
    </message>
    <message>
        <source>Snooze task &amp;1 hour</source>
        <translation>Aufgabe &amp;1 Stunde zurückstellen</translation>
    </message>
    <message>
        <source>Snooze task until to&amp;morrow</source>
        <translation>Aufgabe bis mor&amp;gen zurückstellen</translation>
    </message>
    <message>
        <source>&amp;Reassign task…</source>
        <translation>Aufgabe neu zu&amp;weisen…</translation>
    </message>
    <message>
        <source>Re&amp;open task</source>
        <translation>Aufgabe wieder ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Show &amp;follow-ups</source>
        <translation>&amp;Nachverfolgung anzeigen</translation>
    </message>
    <message>
        <source>Mark promise &amp;kept</source>
        <translation>Zusage als e&amp;ingehalten markieren</translation>
    </message>
    <message>
        <source>New &amp;due date for promise…</source>
        <translation>Neues Fälligkeits&amp;datum für Zusage…</translation>
    </message>
    <message>
        <source>Cance&amp;l promise…</source>
        <translation>Zusage &amp;stornieren…</translation>
    </message>
    <message>
        <source>Review commitments &amp;now</source>
        <translation>Zusagen &amp;jetzt prüfen</translation>
    </message>
    <message>
        <source>&amp;Team commitments (lead)…</source>
        <translation>&amp;Team-Zusagen (Teamleitung)…</translation>
    </message>
    <message>
        <source>Select a task first (Ctrl+Shift+T goes to My day).</source>
        <translation>Wählen Sie zuerst eine Aufgabe aus (Strg+Umschalt+T springt zu „Mein Tag“).</translation>
    </message>
    <message>
        <source>Task done.</source>
        <translation>Aufgabe erledigt.</translation>
    </message>
    <message>
        <source>Task reopened.</source>
        <translation>Aufgabe wieder geöffnet.</translation>
    </message>
    <message>
        <source>Snoozed until {when}.</source>
        <translation>Zurückgestellt bis {when}.</translation>
    </message>
    <message>
        <source>Reassign task</source>
        <translation>Aufgabe neu zuweisen</translation>
    </message>
    <message>
        <source>Give the task to:</source>
        <translation>Aufgabe übergeben an:</translation>
    </message>
    <message>
        <source>Task given to {agent}.</source>
        <translation>Aufgabe an {agent} übergeben.</translation>
    </message>
    <message>
        <source>Checking reminders could not run just now; it is tried again in a minute.</source>
        <translation>Die Prüfung der Erinnerungen konnte gerade nicht ausgeführt werden; sie wird in einer Minute erneut versucht.</translation>
    </message>
    <message>
        <source>{title} (and {count} more)</source>
        <translation>{title} (und {count} weitere)</translation>
    </message>
    <message>
        <source>Reminder</source>
        <translation>Erinnerung</translation>
    </message>
    <message>
        <source>Reminder: {text}</source>
        <translation>Erinnerung: {text}</translation>
    </message>
    <message>
        <source>The commitments&apos; review could not run just now; it is tried again in a minute.</source>
        <translation>Die Prüfung der Zusagen konnte gerade nicht ausgeführt werden; sie wird in einer Minute erneut versucht.</translation>
    </message>
    <message>
        <source>Commitments: {report}.</source>
        <translation>Zusagen: {report}.</translation>
    </message>
    <message>
        <source>Open a customer first (Ctrl+F to find one).</source>
        <translation>Öffnen Sie zuerst einen Kunden (Strg+F, um einen zu finden).</translation>
    </message>
    <message>
        <source>{customer} — about: {event}</source>
        <translation>{customer} — betrifft: {event}</translation>
    </message>
    <message>
        <source>Task created.</source>
        <translation>Aufgabe angelegt.</translation>
    </message>
    <message>
        <source>Promise recorded: it is tracked until it is kept.</source>
        <translation>Zusage erfasst: Sie wird verfolgt, bis sie eingehalten ist.</translation>
    </message>
    <message>
        <source>Not saved: an unexpected error (details in the log).</source>
        <translation>Nicht gespeichert: ein unerwarteter Fehler (Details in der Logdatei).</translation>
    </message>
    <message>
        <source>Select a promise on the Follow-ups tab first (Alt+3).</source>
        <translation>Wählen Sie zuerst auf der Registerkarte „Nachverfolgung“ eine Zusage aus (Alt+3).</translation>
    </message>
    <message>
        <source>Promise marked kept.</source>
        <translation>Zusage als eingehalten markiert.</translation>
    </message>
    <message>
        <source>reopened</source>
        <translation>wieder geöffnet</translation>
    </message>
    <message>
        <source>Promise open again.</source>
        <translation>Zusage wieder offen.</translation>
    </message>
    <message>
        <source>New due date agreed.</source>
        <translation>Neues Fälligkeitsdatum vereinbart.</translation>
    </message>
    <message>
        <source>Promise cancelled.</source>
        <translation>Zusage storniert.</translation>
    </message>
    <message>
        <source>, due {old} → {new}</source>
        <translation>, fällig {old} → {new}</translation>
    </message>
    <message>
        <source>new</source>
        <translation>neu</translation>
    </message>
    <message>
        <source>{summary} As of {when}.</source>
        <translation>{summary} Stand: {when}.</translation>
    </message>
    <message>
        <source>{count} promise(s) given to {agent}.</source>
        <translation>{count} Zusage(n) an {agent} übergeben.</translation>
    </message>
    <message>
        <source>Nothing reassigned: {error}</source>
        <translation>Nichts neu zugewiesen: {error}</translation>
    </message>
    <message>
        <source>Exported {agents} agents and {count} promises to {path}.</source>
        <translation>{agents} Mitarbeiter und {count} Zusagen nach {path} exportiert.</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <source>Agent Desk Help</source>
        <translation>Hilfe zu Agent Desk</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Hilfe</translation>
    </message>
</context>
<context>
    <name>IdentityActions</name>
    <message>
        <source>Record {record} is now a customer of its own</source>
        <translation>Datensatz {record} ist jetzt ein eigener Kunde</translation>
    </message>
    <message>
        <source>Split this record out</source>
        <translation>Diesen Datensatz abtrennen</translation>
    </message>
    <message>
        <source>Make this record a customer of its own? You can undo it from the journal.</source>
        <translation>Diesen Datensatz zu einem eigenen Kunden machen? Sie können dies im Protokoll rückgängig machen.</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>Trennen</translation>
    </message>
    <message>
        <source>Merge with customer</source>
        <translation>Mit Kunden zusammenführen</translation>
    </message>
    <message>
        <source>Merge customer {customer} with which customer? The one with more records keeps its number; you see what moves before anything changes.</source>
        <translation>Kunde {customer} mit welchem Kunden zusammenführen? Der Kunde mit mehr Datensätzen behält seine Nummer; Sie sehen, was verschoben wird, bevor sich etwas ändert.</translation>
    </message>
    <message>
        <source>Customers {customer} and {other} are one now</source>
        <translation>Die Kunden {customer} und {other} sind jetzt ein Kunde</translation>
    </message>
    <message>
        <source>Merge customers</source>
        <translation>Kunden zusammenführen</translation>
    </message>
    <message>
        <source>Merge these customers? You can undo it from the journal.</source>
        <translation>Diese Kunden zusammenführen? Sie können dies im Protokoll rückgängig machen.</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>Zusammenführen</translation>
    </message>
    <message>
        <source>Confirmed: customers {customer} and {other} are one now</source>
        <translation>Bestätigt: Die Kunden {customer} und {other} sind jetzt ein Kunde</translation>
    </message>
    <message>
        <source>Confirm same person</source>
        <translation>Dieselbe Person bestätigen</translation>
    </message>
    <message>
        <source>Same person: {reason}. Merge the customers? You can undo it from the journal.</source>
        <translation>Dieselbe Person: {reason}. Die Kunden zusammenführen? Sie können dies im Protokoll rückgängig machen.</translation>
    </message>
    <message>
        <source>customer {customer} and customer {other} ({name}) stay apart</source>
        <translation>Kunde {customer} und Kunde {other} ({name}) bleiben getrennt</translation>
    </message>
    <message>
        <source>suggested because: {reason} (score {score})</source>
        <translation>vorgeschlagen, weil: {reason} (Score {score})</translation>
    </message>
    <message>
        <source>this pair will not be proposed again, nor merged by a later sync</source>
        <translation>dieses Paar wird nicht mehr vorgeschlagen und auch bei einer späteren Synchronisierung nicht zusammengeführt</translation>
    </message>
    <message>
        <source>Not the same person</source>
        <translation>Nicht dieselbe Person</translation>
    </message>
    <message>
        <source>Mark these two as different people?</source>
        <translation>Diese beiden als verschiedene Personen markieren?</translation>
    </message>
    <message>
        <source>Customer {customer} will not be proposed again</source>
        <translation>Kunde {customer} wird nicht mehr vorgeschlagen</translation>
    </message>
    <message>
        <source>Journal entry #{entry} undone (entry #{undo})</source>
        <translation>Protokolleintrag #{entry} rückgängig gemacht (Eintrag #{undo})</translation>
    </message>
    <message>
        <source>Undo journal entry #{entry}</source>
        <translation>Protokolleintrag #{entry} rückgängig machen</translation>
    </message>
    <message>
        <source>Put these records back where they were?</source>
        <translation>Diese Datensätze wieder dorthin zurückstellen, wo sie vorher waren?</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Nothing changed</source>
        <translation>Nichts geändert</translation>
    </message>
    <message>
        <source>The customer is shown as it is now.</source>
        <translation>Der Kunde wird im aktuellen Zustand angezeigt.</translation>
    </message>
</context>
<context>
    <name>IdentityPanel</name>
    <message>
        <source>Identity: why these records are one customer</source>
        <translation>Identität: warum diese Datensätze ein Kunde sind</translation>
    </message>
    <message>
        <source>Records of this customer</source>
        <translation>Datensätze dieses Kunden</translation>
    </message>
    <message>
        <source>Records of this customer and why</source>
        <translation>Datensätze dieses Kunden und warum</translation>
    </message>
    <message>
        <source>Sp&amp;lit this record out…</source>
        <translation>Datensatz &amp;abtrennen…</translation>
    </message>
    <message>
        <source>Make the selected record a customer of its own (you see what moves first)</source>
        <translation>Den ausgewählten Datensatz zu einem eigenen Kunden machen (Sie sehen vorher, was verschoben wird)</translation>
    </message>
    <message>
        <source>&amp;Merge with customer…</source>
        <translation>Mit Kunden &amp;zusammenführen…</translation>
    </message>
    <message>
        <source>Join another customer into this one (you see what moves first)</source>
        <translation>Einen anderen Kunden mit diesem zusammenführen (Sie sehen vorher, was verschoben wird)</translation>
    </message>
    <message>
        <source>Possible same person</source>
        <translation>Möglicherweise dieselbe Person</translation>
    </message>
    <message>
        <source>Possible same person, to confirm or reject</source>
        <translation>Möglicherweise dieselbe Person, zum Bestätigen oder Ablehnen</translation>
    </message>
    <message>
        <source>C&amp;onfirm same person…</source>
        <translation>&amp;Dieselbe Person bestätigen…</translation>
    </message>
    <message>
        <source>Merge the two customers</source>
        <translation>Die beiden Kunden zusammenführen</translation>
    </message>
    <message>
        <source>&amp;Not the same person…</source>
        <translation>&amp;Nicht dieselbe Person…</translation>
    </message>
    <message>
        <source>Never propose this pair again</source>
        <translation>Dieses Paar nie wieder vorschlagen</translation>
    </message>
    <message>
        <source>Merge journal</source>
        <translation>Zusammenführungsprotokoll</translation>
    </message>
    <message>
        <source>Merges and splits of this customer</source>
        <translation>Zusammenführungen und Trennungen dieses Kunden</translation>
    </message>
    <message>
        <source>&amp;Undo this entry…</source>
        <translation>Eintrag &amp;rückgängig machen…</translation>
    </message>
    <message>
        <source>Put the records back as they were</source>
        <translation>Die Datensätze wiederherstellen, wie sie waren</translation>
    </message>
    <message>
        <source>Customer {asked} was merged into customer {customer}: you are seeing customer {customer}.</source>
        <translation>Kunde {asked} wurde mit Kunde {customer} zusammengeführt: Sie sehen Kunde {customer}.</translation>
    </message>
    <message>
        <source>This entry cannot be undone.</source>
        <translation>Dieser Eintrag kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <source>No source records: this customer was created by hand.</source>
        <translation>Keine Quelldatensätze: Dieser Kunde wurde manuell angelegt.</translation>
    </message>
    <message>
        <source>No open “possible same person” suggestions.</source>
        <translation>Keine offenen Vorschläge „möglicherweise dieselbe Person“.</translation>
    </message>
    <message>
        <source>No merges or splits yet.</source>
        <translation>Noch keine Zusammenführungen oder Trennungen.</translation>
    </message>
</context>
<context>
    <name>LeadWindow</name>
    <message>
        <source>Team commitments</source>
        <translation>Zusagen des Teams</translation>
    </message>
    <message>
        <source>Team commitments: overdue and broken promises</source>
        <translation>Zusagen des Teams: überfällige und nicht eingehaltene Zusagen</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>All teams</source>
        <translation>Alle Teams</translation>
    </message>
    <message>
        <source>Kind of promise</source>
        <translation>Art der Zusage</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>Alle Arten</translation>
    </message>
    <message>
        <source>Customer tier</source>
        <translation>Wertstufe des Kunden</translation>
    </message>
    <message>
        <source>All tiers</source>
        <translation>Alle Wertstufen</translation>
    </message>
    <message>
        <source>&amp;Team</source>
        <translation>&amp;Team</translation>
    </message>
    <message>
        <source>&amp;Kind</source>
        <translation>&amp;Art</translation>
    </message>
    <message>
        <source>T&amp;ier</source>
        <translation>&amp;Wertstufe</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>CSV e&amp;xportieren…</translation>
    </message>
    <message>
        <source>Team totals</source>
        <translation>Teamsummen</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Mitarbeiter</translation>
    </message>
    <message>
        <source>of which broken</source>
        <translation>davon gebrochen</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Offen</translation>
    </message>
    <message>
        <source>Kept on time (30 d)</source>
        <translation>Pünktlich eingehalten (30 T)</translation>
    </message>
    <message>
        <source>Median delay</source>
        <translation>Verspätung (Median)</translation>
    </message>
    <message>
        <source>Agents by age of their overdue promises</source>
        <translation>Mitarbeiter nach Alter ihrer überfälligen Zusagen</translation>
    </message>
    <message>
        <source>Chart: overdue promises by agent and age</source>
        <translation>Diagramm: überfällige Zusagen nach Mitarbeiter und Alter</translation>
    </message>
    <message>
        <source>Select agents to see their overdue and broken promises.</source>
        <translation>Wählen Sie Mitarbeiter aus, um deren überfällige und gebrochene Zusagen zu sehen.</translation>
    </message>
    <message>
        <source>The selected agents&apos; overdue and broken promises</source>
        <translation>Überfällige und gebrochene Zusagen der ausgewählten Mitarbeiter</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Alter</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Fällig</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>Wertstufe</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Promise</source>
        <translation>Zusage</translation>
    </message>
    <message>
        <source>&amp;Open customer</source>
        <translation>&amp;Kunde öffnen</translation>
    </message>
    <message>
        <source>Open the selected promise&apos;s customer (Enter)</source>
        <translation>Den Kunden der ausgewählten Zusage öffnen (Enter)</translation>
    </message>
    <message>
        <source>&amp;Reassign selected…</source>
        <translation>Auswahl &amp;neu zuweisen…</translation>
    </message>
    <message>
        <source>Give the selected promises to another agent (Ctrl+Shift+R)</source>
        <translation>Die ausgewählten Zusagen einem anderen Mitarbeiter übertragen (Strg+Umschalt+R)</translation>
    </message>
    <message>
        <source>&amp;Print overdue report…</source>
        <translation>Überfälligkeitsbericht &amp;drucken…</translation>
    </message>
    <message>
        <source>The overdue and broken promises by agent and age as a PDF: preview, save, print</source>
        <translation>Die überfälligen und gebrochenen Zusagen nach Mitarbeiter und Alter als PDF: Vorschau, Speichern, Drucken</translation>
    </message>
    <message>
        <source>Cross-sell offers by rule: how customers answered</source>
        <translation>Cross-Selling-Angebote nach Regel: wie die Kunden geantwortet haben</translation>
    </message>
    <message>
        <source>Acceptance of cross-sell offers per rule</source>
        <translation>Annahme von Cross-Selling-Angeboten je Regel</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regel</translation>
    </message>
    <message>
        <source>Offered</source>
        <translation>Angeboten</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Angenommen</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>Später</translation>
    </message>
    <message>
        <source>Accepted of yes/no</source>
        <translation>Annahmequote (Ja/Nein)</translation>
    </message>
    <message>
        <source>{rate} of {due}</source>
        <translation>{rate} von {due}</translation>
    </message>
    <message>
        <source>{late} late promises ({broken} of them broken) across {agents} agents; {waiting} open and not due yet.</source>
        <translation>{late} verspätete Zusagen (davon {broken} gebrochen) bei {agents} Mitarbeitern; {waiting} offen und noch nicht fällig.</translation>
    </message>
    <message>
        <source>Late promises (open or broken) by age, most first</source>
        <translation>Verspätete Zusagen (offen oder gebrochen) nach Alter, die meisten zuerst</translation>
    </message>
    <message>
        <source>{age} · broken</source>
        <translation>{age} · gebrochen</translation>
    </message>
    <message>
        <source>{count} overdue or broken promise(s) of the selected agent(s), oldest first (the first {limit})</source>
        <translation>{count} überfällige oder gebrochene Zusage(n) der ausgewählten Mitarbeiter, älteste zuerst (die ersten {limit})</translation>
    </message>
    <message>
        <source>{count} overdue or broken promise(s) of the selected agent(s), oldest first</source>
        <translation>{count} überfällige oder gebrochene Zusage(n) der ausgewählten Mitarbeiter, älteste zuerst</translation>
    </message>
    <message>
        <source>Select the promises to reassign first.</source>
        <translation>Wählen Sie zuerst die Zusagen aus, die neu zugewiesen werden sollen.</translation>
    </message>
    <message>
        <source>Reassign promises</source>
        <translation>Zusagen neu zuweisen</translation>
    </message>
    <message>
        <source>Give {count} promise(s) to:</source>
        <translation>{count} Zusage(n) übertragen an:</translation>
    </message>
    <message>
        <source>Export team commitments</source>
        <translation>Zusagen des Teams exportieren</translation>
    </message>
    <message>
        <source>team-commitments.csv</source>
        <translation>team-commitments.csv</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
</context>
<context>
    <name>LogDialog</name>
    <message>
        <source>Log call: {customer}</source>
        <translation>Anruf protokollieren: {customer}</translation>
    </message>
    <message>
        <source>Add note: {customer}</source>
        <translation>Notiz hinzufügen: {customer}</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Betreff</translation>
    </message>
    <message>
        <source>What the customer called about</source>
        <translation>Worum es im Anruf des Kunden ging</translation>
    </message>
    <message>
        <source>A short subject (optional)</source>
        <translation>Ein kurzer Betreff (optional)</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>&amp;Grund</translation>
    </message>
    <message>
        <source>&amp;Subject</source>
        <translation>&amp;Betreff</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>&amp;Outcome</source>
        <translation>&amp;Ergebnis</translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <source>&amp;Wrap-up</source>
        <translation>&amp;Zusammenfassung</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>&amp;Notiz</translation>
    </message>
    <message>
        <source>Follow-up task</source>
        <translation>Folgeaufgabe</translation>
    </message>
    <message>
        <source>Optional: what is to be done next (a task for you, due tomorrow)</source>
        <translation>Optional: was als Nächstes zu tun ist (eine Aufgabe für Sie, morgen fällig)</translation>
    </message>
    <message>
        <source>&amp;Follow-up</source>
        <translation>&amp;Folgeaufgabe</translation>
    </message>
    <message>
        <source>Show as a special-handling &amp;alert above everything</source>
        <translation>Als &amp;Warnhinweis zur Sonderbehandlung ganz oben anzeigen</translation>
    </message>
    <message>
        <source>For what every agent must see first: &quot;hard of hearing, speak slowly&quot;</source>
        <translation>Für das, was jeder Mitarbeiter zuerst sehen muss: „schwerhörig, langsam sprechen“</translation>
    </message>
    <message>
        <source>Save (Ctrl+Enter)</source>
        <translation>Speichern (Strg+Enter)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Agent Desk</source>
        <translation>Agent Desk</translation>
    </message>
    <message>
        <source>Open customers</source>
        <translation>Geöffnete Kunden</translation>
    </message>
    <message>
        <source>Sync report</source>
        <translation>Synchronisierungsbericht</translation>
    </message>
    <message>
        <source>Show the report of the last sync</source>
        <translation>Bericht der letzten Synchronisierung anzeigen</translation>
    </message>
    <message>
        <source>Customer on the call</source>
        <translation>Kunde im Gespräch</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Datenbank</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Print case report…</source>
        <translation>Fallbericht &amp;drucken…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Find customer</source>
        <translation>Kunde &amp;suchen</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>&amp;Command palette…</source>
        <translation>&amp;Befehlspalette…</translation>
    </message>
    <message>
        <source>Next customer &amp;tab</source>
        <translation>&amp;Nächster Kunden-Tab</translation>
    </message>
    <message>
        <source>Previous customer tab</source>
        <translation>Vorheriger Kunden-Tab</translation>
    </message>
    <message>
        <source>&amp;Close customer tab</source>
        <translation>Kunden-Tab s&amp;chließen</translation>
    </message>
    <message>
        <source>Show t&amp;imeline</source>
        <translation>&amp;Verlauf anzeigen</translation>
    </message>
    <message>
        <source>Show i&amp;dentity</source>
        <translation>&amp;Identität anzeigen</translation>
    </message>
    <message>
        <source>&amp;Customer</source>
        <translation>&amp;Kunde</translation>
    </message>
    <message>
        <source>&amp;Log call…</source>
        <translation>Anruf &amp;erfassen…</translation>
    </message>
    <message>
        <source>Add &amp;note…</source>
        <translation>&amp;Notiz hinzufügen…</translation>
    </message>
    <message>
        <source>Contact &amp;preferences…</source>
        <translation>&amp;Kontaktpräferenzen…</translation>
    </message>
    <message>
        <source>&amp;Merge with customer…</source>
        <translation>Mit Kunden &amp;zusammenführen…</translation>
    </message>
    <message>
        <source>&amp;Split record out…</source>
        <translation>Datensatz &amp;abtrennen…</translation>
    </message>
    <message>
        <source>Con&amp;firm same person…</source>
        <translation>&amp;Dieselbe Person bestätigen…</translation>
    </message>
    <message>
        <source>Not the same &amp;person…</source>
        <translation>Nicht dieselbe &amp;Person…</translation>
    </message>
    <message>
        <source>&amp;Undo journal entry…</source>
        <translation>Protokolleintrag &amp;rückgängig machen…</translation>
    </message>
    <message>
        <source>&amp;Follow-up</source>
        <translation>&amp;Nachverfolgung</translation>
    </message>
    <message>
        <source>&amp;Offers</source>
        <translation>An&amp;gebote</translation>
    </message>
    <message>
        <source>&amp;Sync</source>
        <translation>&amp;Synchronisierung</translation>
    </message>
    <message>
        <source>&amp;Sync now</source>
        <translation>&amp;Jetzt synchronisieren</translation>
    </message>
    <message>
        <source>Sync all from the &amp;start…</source>
        <translation>Alles von &amp;Anfang an synchronisieren…</translation>
    </message>
    <message>
        <source>S&amp;top sync</source>
        <translation>Synchronisierung &amp;stoppen</translation>
    </message>
    <message>
        <source>Sync &amp;report</source>
        <translation>Synchronisierungs&amp;bericht</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Agent Desk &amp;Help</source>
        <translation>&amp;Hilfe zu Agent Desk</translation>
    </message>
    <message>
        <source>&amp;About Agent Desk</source>
        <translation>&amp;Über Agent Desk</translation>
    </message>
    <message>
        <source>This computer</source>
        <translation>Dieser Computer</translation>
    </message>
    <message>
        <source>Embedded database: {file}</source>
        <translation>Eingebettete Datenbank: {file}</translation>
    </message>
    <message>
        <source>Team: {host}/{database}</source>
        <translation>Team: {host}/{database}</translation>
    </message>
    <message>
        <source>Customer #{id} no longer exists.</source>
        <translation>Kunde #{id} existiert nicht mehr.</translation>
    </message>
    <message>
        <source>Customer {asked} was merged into customer {id}.</source>
        <translation>Kunde {asked} wurde mit Kunde {id} zusammengeführt.</translation>
    </message>
    <message>
        <source>Open a customer first (Ctrl+F to find one).</source>
        <translation>Öffnen Sie zuerst einen Kunden (Strg+F zum Suchen).</translation>
    </message>
    <message>
        <source>Select the record, pair or journal entry in the Identity section first.</source>
        <translation>Wählen Sie zuerst den Datensatz, das Paar oder den Protokolleintrag im Bereich Identität aus.</translation>
    </message>
    <message>
        <source>{name} (customer #{id})</source>
        <translation>{name} (Kunde #{id})</translation>
    </message>
    <message>
        <source>Contact preferences saved.</source>
        <translation>Kontaktpräferenzen gespeichert.</translation>
    </message>
    <message>
        <source>Call logged.</source>
        <translation>Anruf erfasst.</translation>
    </message>
    <message>
        <source>Note added.</source>
        <translation>Notiz hinzugefügt.</translation>
    </message>
    <message>
        <source>Follow-up task created.</source>
        <translation>Folgeaufgabe erstellt.</translation>
    </message>
    <message>
        <source>Screen pop ignored: {reason}</source>
        <translation>Anrufer-Anzeige ignoriert: {reason}</translation>
    </message>
    <message>
        <source>On the call: {name} ({what})</source>
        <translation>Im Gespräch: {name} ({what})</translation>
    </message>
    <message>
        <source>On the call: {what} (pick the customer)</source>
        <translation>Im Gespräch: {what} (Kunden auswählen)</translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s) match {what}: pick one (arrows, Enter).</source>
        <translation>
            <numerusform>%n Kunde passt zu {what}: Wählen Sie einen aus (Pfeiltasten, Enter).</numerusform>
            <numerusform>%n Kunden passen zu {what}: Wählen Sie einen aus (Pfeiltasten, Enter).</numerusform>
        </translation>
    </message>
    <message>
        <source>On the call: new caller ({what})</source>
        <translation>Im Gespräch: neuer Anrufer ({what})</translation>
    </message>
    <message>
        <source>Customer created.</source>
        <translation>Kunde angelegt.</translation>
    </message>
    <message>
        <source>On the call: {name}</source>
        <translation>Im Gespräch: {name}</translation>
    </message>
    <message>
        <source>A sync is already running (Shift+F5 stops it).</source>
        <translation>Eine Synchronisierung läuft bereits (Umschalt+F5 stoppt sie).</translation>
    </message>
    <message>
        <source>No sources configured: add them in Settings (Ctrl+,) or load the demo data.</source>
        <translation>Keine Quellen konfiguriert: Fügen Sie sie in den Einstellungen hinzu (Strg+,) oder laden Sie die Demodaten.</translation>
    </message>
    <message>
        <source>Sync all from the start</source>
        <translation>Alles von Anfang an synchronisieren</translation>
    </message>
    <message>
        <source>Read every record of every source again? This takes longer than a normal sync; records are updated in place, never duplicated.</source>
        <translation>Alle Datensätze aller Quellen erneut einlesen? Das dauert länger als eine normale Synchronisierung; Datensätze werden an Ort und Stelle aktualisiert, nie dupliziert.</translation>
    </message>
    <message>
        <source>sources: {names}</source>
        <translation>Quellen: {names}</translation>
    </message>
    <message>
        <source>none configured</source>
        <translation>keine konfiguriert</translation>
    </message>
    <message>
        <source>Sync all</source>
        <translation>Alles synchronisieren</translation>
    </message>
    <message>
        <source>Open a customer first (Ctrl+F to search), then print.</source>
        <translation>Öffnen Sie zuerst einen Kunden (Strg+F zum Suchen) und drucken Sie dann.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Agent Desk shows the new language the next time it starts.</source>
        <translation>Agent Desk zeigt die neue Sprache beim nächsten Start.</translation>
    </message>
    <message>
        <source>Connecting to the new database…</source>
        <translation>Verbindung zur neuen Datenbank wird hergestellt…</translation>
    </message>
    <message>
        <source>Now using {database}</source>
        <translation>Jetzt in Verwendung: {database}</translation>
    </message>
</context>
<context>
    <name>MiningReport</name>
    <message>
        <source>cross-sell rules unchanged ({rules} rules)</source>
        <translation>Cross-Selling-Regeln unverändert ({rules} Regeln)</translation>
    </message>
    <message>
        <source>cross-sell rules: {rules} from {customers} customers&apos; purchases ({lines} products bought) in {seconds} s</source>
        <translation>Cross-Selling-Regeln: {rules} aus den Käufen von {customers} Kunden ({lines} gekaufte Produkte) in {seconds} s</translation>
    </message>
</context>
<context>
    <name>NewCallerCard</name>
    <message>
        <source>New caller</source>
        <translation>Neuer Anrufer</translation>
    </message>
    <message>
        <source>&amp;Given name</source>
        <translation>&amp;Vorname</translation>
    </message>
    <message>
        <source>&amp;Family name</source>
        <translation>&amp;Nachname</translation>
    </message>
    <message>
        <source>&amp;Phone</source>
        <translation>&amp;Telefon</translation>
    </message>
    <message>
        <source>&amp;E-mail</source>
        <translation>&amp;E-Mail</translation>
    </message>
    <message>
        <source>&amp;Create customer</source>
        <translation>Kunde &amp;anlegen</translation>
    </message>
    <message>
        <source>Create the customer</source>
        <translation>Den Kunden anlegen</translation>
    </message>
    <message>
        <source>No customer matches the phone “{value}”.</source>
        <translation>Kein Kunde passt zur Telefonnummer „{value}“.</translation>
    </message>
    <message>
        <source>No customer matches the e-mail “{value}”.</source>
        <translation>Kein Kunde passt zur E-Mail-Adresse „{value}“.</translation>
    </message>
    <message>
        <source>No customer matches the customer “{value}”.</source>
        <translation>Kein Kunde passt zur Kundennummer „{value}“.</translation>
    </message>
    <message>
        <source>No customer matches the order “{value}”.</source>
        <translation>Kein Kunde passt zur Bestellung „{value}“.</translation>
    </message>
    <message>
        <source>No customer matches the ticket “{value}”.</source>
        <translation>Kein Kunde passt zum Ticket „{value}“.</translation>
    </message>
    <message>
        <source>{no_match} Type the caller&apos;s name and press Enter to create the customer, or Esc to search again.</source>
        <translation>{no_match} Geben Sie den Namen des Anrufers ein und drücken Sie Enter, um den Kunden anzulegen, oder Esc, um erneut zu suchen.</translation>
    </message>
</context>
<context>
    <name>OfferOutcome</name>
    <message>
        <source>offered</source>
        <translation>angeboten</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>angenommen</translation>
    </message>
    <message>
        <source>declined</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <source>wants to think about it</source>
        <translation>möchte es sich überlegen</translation>
    </message>
</context>
<context>
    <name>OverdueReport</name>
    <message>
        <source>Overdue and broken promises</source>
        <translation>Überfällige und gebrochene Zusagen</translation>
    </message>
    <message>
        <source>; team {team}</source>
        <translation>; Team {team}</translation>
    </message>
    <message>
        <source>; kind {kind}</source>
        <translation>; Art {kind}</translation>
    </message>
    <message>
        <source>; tier {tier}</source>
        <translation>; Wertstufe {tier}</translation>
    </message>
    <message>
        <source>As of {when}{filters}. Late promises are counted by how late they are, open or already broken; the kept-on-time rate is over the promises due in the last 30 days.</source>
        <translation>Stand {when}{filters}. Überfällige Zusagen werden danach gezählt, wie lange sie überfällig sind, ob offen oder bereits gebrochen; die Quote der pünktlich eingehaltenen Zusagen bezieht sich auf die in den letzten 30 Tagen fälligen Zusagen.</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Mitarbeiter</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>Late</source>
        <translation>Überfällig</translation>
    </message>
    <message>
        <source>Broken</source>
        <translation>Gebrochen</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Offen</translation>
    </message>
    <message>
        <source>Kept on time, 30 days</source>
        <translation>Pünktlich eingehalten, 30 Tage</translation>
    </message>
    <message>
        <source>{rate} of {count}</source>
        <translation>{rate} von {count}</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Gesamt</translation>
    </message>
    <message>
        <source>Nobody</source>
        <translation>Niemand</translation>
    </message>
    <message>
        <source>{name}: {count} late</source>
        <translation>{name}: {count} überfällig</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Fällig</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Alter</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Promise</source>
        <translation>Zusage</translation>
    </message>
    <message>
        <source>No promise is overdue or broken.</source>
        <translation>Keine Zusage ist überfällig oder gebrochen.</translation>
    </message>
    <message>
        <source>Internal: team performance and customer names. Do not share outside.</source>
        <translation>Intern: Teamleistung und Kundennamen. Nicht nach außen weitergeben.</translation>
    </message>
</context>
<context>
    <name>ParsedPromise</name>
    <message>
        <source>{kind}, no due time understood</source>
        <translation>{kind}, kein Fälligkeitstermin erkannt</translation>
    </message>
    <message>
        <source>{kind}, due {when}</source>
        <translation>{kind}, fällig {when}</translation>
    </message>
</context>
<context>
    <name>PopRequest</name>
    <message>
        <source>phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>e-mail</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>customer #</source>
        <translation>Kunden-Nr.</translation>
    </message>
    <message>
        <source>order</source>
        <translation>Bestellung</translation>
    </message>
    <message>
        <source>ticket</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <source>a pop names the caller by one of: {kinds}</source>
        <translation>Eine Anrufer-Anzeige nennt den Anrufer über eines von: {kinds}</translation>
    </message>
    <message>
        <source>the pop&apos;s {kind} is empty</source>
        <translation>In der Anrufer-Anzeige ist {kind} leer</translation>
    </message>
    <message>
        <source>the pop&apos;s {kind} is longer than {limit} characters</source>
        <translation>In der Anrufer-Anzeige ist {kind} länger als {limit} Zeichen</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <source>Post</source>
        <translation>Post</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <source>Contact preferences: {customer}</source>
        <translation>Kontaktpräferenzen: {customer}</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Do not contact</source>
        <translation>Nicht kontaktieren</translation>
    </message>
    <message>
        <source>Preferred</source>
        <translation>Bevorzugt</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <source>Do not contact by {channel}</source>
        <translation>Nicht per {channel} kontaktieren</translation>
    </message>
    <message>
        <source>{channel} preferred</source>
        <translation>{channel} bevorzugt</translation>
    </message>
    <message>
        <source>Note on {channel}</source>
        <translation>Notiz zu {channel}</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <source>Case report: {customer}</source>
        <translation>Fallbericht: {customer}</translation>
    </message>
    <message>
        <source>Overdue and broken promises</source>
        <translation>Überfällige und gebrochene Zusagen</translation>
    </message>
    <message>
        <source>Making the report: {title}…</source>
        <translation>Bericht wird erstellt: {title}…</translation>
    </message>
</context>
<context>
    <name>ReportPage</name>
    <message>
        <source>Printed by {name} at {when}</source>
        <translation>Gedruckt von {name} am {when}</translation>
    </message>
    <message>
        <source>Page {page} of</source>
        <comment>the page count follows</comment>
        <translation>Seite {page} von</translation>
    </message>
    <message>
        <source>cannot write {path}: {reason}</source>
        <translation>{path} kann nicht geschrieben werden: {reason}</translation>
    </message>
</context>
<context>
    <name>ReportPreview</name>
    <message>
        <source>Preview: {title}</source>
        <translation>Vorschau: {title}</translation>
    </message>
    <message>
        <source>Preview — {title}</source>
        <translation>Vorschau — {title}</translation>
    </message>
    <message>
        <source>Report pages</source>
        <translation>Berichtsseiten</translation>
    </message>
    <message numerus="yes">
        <source>%n page(s); the first {shown} shown, all are saved and printed</source>
        <translation>
            <numerusform>%n Seite; die ersten {shown} werden angezeigt, alle werden gespeichert und gedruckt</numerusform>
            <numerusform>%n Seiten; die ersten {shown} werden angezeigt, alle werden gespeichert und gedruckt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n page(s)</source>
        <translation>
            <numerusform>%n Seite</numerusform>
            <numerusform>%n Seiten</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Save as PDF…</source>
        <translation>Als &amp;PDF speichern…</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>&amp;Drucken…</translation>
    </message>
    <message>
        <source>Save the report as PDF</source>
        <translation>Bericht als PDF speichern</translation>
    </message>
    <message>
        <source>Could not save {path}: {error}</source>
        <translation>{path} konnte nicht gespeichert werden: {error}</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>{path} gespeichert</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>Wird gedruckt…</translation>
    </message>
    <message numerus="yes">
        <source>%n page(s) sent to the printer</source>
        <translation>
            <numerusform>%n Seite an den Drucker gesendet</numerusform>
            <numerusform>%n Seiten an den Drucker gesendet</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReviewReport</name>
    <message>
        <source>{kept} kept by synced evidence, {broken} broken, {tasks} status-update tasks</source>
        <translation>{kept} durch synchronisierte Nachweise eingehalten, {broken} gebrochen, {tasks} Aufgaben für Statusmeldungen</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <source>Customer search and my day</source>
        <translation>Kundensuche und Mein Tag</translation>
    </message>
    <message>
        <source>Search customers</source>
        <translation>Kunden suchen</translation>
    </message>
    <message>
        <source>Name, phone, e-mail or number  (Ctrl+F)</source>
        <translation>Name, Telefon, E-Mail oder Nummer  (Strg+F)</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Suchergebnisse</translation>
    </message>
    <message>
        <source>Find the caller</source>
        <translation>Anrufer finden</translation>
    </message>
    <message>
        <source>Type a name, e-mail, phone (the last digits are enough) or customer number.</source>
        <translation>Geben Sie einen Namen, eine E-Mail-Adresse, eine Telefonnummer (die letzten Ziffern genügen) oder eine Kundennummer ein.</translation>
    </message>
    <message>
        <source>My day</source>
        <translation>Mein Tag</translation>
    </message>
    <message>
        <source>My day: how many follow-ups are due</source>
        <translation>Mein Tag: Anzahl fälliger Folgeaufgaben</translation>
    </message>
    <message>
        <source>My day: follow-ups due</source>
        <translation>Mein Tag: fällige Folgeaufgaben</translation>
    </message>
    <message>
        <source>Nothing due</source>
        <translation>Nichts fällig</translation>
    </message>
    <message>
        <source>Follow-ups you create or are given appear here, overdue first.</source>
        <translation>Folgeaufgaben, die Sie anlegen oder erhalten, erscheinen hier, überfällige zuerst.</translation>
    </message>
    <message>
        <source>Matched: {what}</source>
        <translation>Treffer: {what}</translation>
    </message>
    <message>
        <source>Customer #{id}</source>
        <translation>Kunde #{id}</translation>
    </message>
    <message>
        <source>No customers yet</source>
        <translation>Noch keine Kunden</translation>
    </message>
    <message>
        <source>Connect your source systems or load the demo data (see Help, F1).</source>
        <translation>Verbinden Sie Ihre Quellsysteme oder laden Sie die Demodaten (siehe Hilfe, F1).</translation>
    </message>
    <message>
        <source>No customer matches “{query}”</source>
        <translation>Kein Kunde passt zu „{query}“</translation>
    </message>
    <message>
        <source>Try fewer letters, the last digits of the phone number, or the e-mail address.</source>
        <translation>Versuchen Sie weniger Buchstaben, die letzten Ziffern der Telefonnummer oder die E-Mail-Adresse.</translation>
    </message>
    <message>
        <source>My day — {due} due, {late} overdue</source>
        <translation>Mein Tag — {due} fällig, {late} überfällig</translation>
    </message>
    <message>
        <source>My day — {due} due</source>
        <translation>Mein Tag — {due} fällig</translation>
    </message>
</context>
<context>
    <name>Selling</name>
    <message>
        <source>Show &amp;suggestions</source>
        <translation>&amp;Vorschläge anzeigen</translation>
    </message>
    <message>
        <source>&amp;Offer selected suggestion</source>
        <translation>Ausgewählten Vorschlag an&amp;bieten</translation>
    </message>
    <message>
        <source>Offer &amp;accepted</source>
        <translation>Angebot &amp;angenommen</translation>
    </message>
    <message>
        <source>Offer &amp;declined</source>
        <translation>Angebot abge&amp;lehnt</translation>
    </message>
    <message>
        <source>Offer: ask again &amp;later</source>
        <translation>Angebot: &amp;später erneut fragen</translation>
    </message>
    <message>
        <source>Offered {name}: set the answer (Ctrl+Alt+A accepted, Ctrl+Alt+X declined, Ctrl+Alt+L later).</source>
        <translation>{name} angeboten: Antwort erfassen (Strg+Alt+A angenommen, Strg+Alt+X abgelehnt, Strg+Alt+L später).</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>system</source>
        <translation>System</translation>
    </message>
    <message>
        <source>light</source>
        <translation>hell</translation>
    </message>
    <message>
        <source>dark</source>
        <translation>dunkel</translation>
    </message>
    <message>
        <source>agent</source>
        <translation>Mitarbeiter</translation>
    </message>
    <message>
        <source>lead</source>
        <translation>Teamleitung</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Datenbank</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
    <message>
        <source>This computer (embedded database, no set-up)</source>
        <translation>Dieser Computer (eingebettete Datenbank, keine Einrichtung nötig)</translation>
    </message>
    <message>
        <source>Team database (PostgreSQL shared by the call center)</source>
        <translation>Team-Datenbank (PostgreSQL, gemeinsam im Callcenter genutzt)</translation>
    </message>
    <message>
        <source>Team database URL</source>
        <translation>URL der Team-Datenbank</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Team database password</source>
        <translation>Passwort der Team-Datenbank</translation>
    </message>
    <message>
        <source>kept in the system keyring, never in the settings file</source>
        <translation>wird im keyring des Systems gespeichert, nie in der Einstellungsdatei</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Verbindung testen</translation>
    </message>
    <message>
        <source>Connection test result</source>
        <translation>Ergebnis des Verbindungstests</translation>
    </message>
    <message>
        <source>enter the team database URL, e.g. {example}</source>
        <translation>Geben Sie die URL der Team-Datenbank ein, z. B. {example}</translation>
    </message>
    <message>
        <source>a team database is PostgreSQL: {example}</source>
        <translation>Eine Team-Datenbank ist eine PostgreSQL-Datenbank: {example}</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbindung wird hergestellt…</translation>
    </message>
    <message>
        <source>your user name on the team database</source>
        <translation>Ihr Benutzername in der Team-Datenbank</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Mitarbeiter</translation>
    </message>
    <message>
        <source>Company name (reports)</source>
        <translation>Firmenname (Berichte)</translation>
    </message>
    <message>
        <source>Logo for reports (PNG or JPEG file)</source>
        <translation>Logo für Berichte (PNG- oder JPEG-Datei)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keins</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Auswählen…</translation>
    </message>
    <message>
        <source>Logo (reports)</source>
        <translation>Logo (Berichte)</translation>
    </message>
    <message>
        <source>Phone numbers without country code are from</source>
        <translation>Telefonnummern ohne Ländervorwahl stammen aus</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Darstellung</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>System language ({name})</source>
        <translation>Systemsprache ({name})</translation>
    </message>
    <message>
        <source>Applies when Agent Desk starts next</source>
        <translation>Gilt ab dem nächsten Start von Agent Desk</translation>
    </message>
    <message>
        <source>Role on this computer</source>
        <translation>Rolle auf diesem Computer</translation>
    </message>
    <message>
        <source>A lead sees the whole team&apos;s commitments. On a team database the role comes from the agents table (agent-desk agents set USER --role lead).</source>
        <translation>Die Teamleitung sieht die Zusagen des ganzen Teams. Bei einer Team-Datenbank kommt die Rolle aus der Mitarbeitertabelle (agent-desk agents set USER --role lead).</translation>
    </message>
    <message>
        <source>Role (own database)</source>
        <translation>Rolle (eigene Datenbank)</translation>
    </message>
    <message>
        <source>Time zone for due times</source>
        <translation>Zeitzone für Fälligkeiten</translation>
    </message>
    <message>
        <source>Empty: this computer&apos;s time zone</source>
        <translation>Leer: Zeitzone dieses Computers</translation>
    </message>
    <message>
        <source>Hours before an overdue promise counts as broken</source>
        <translation>Stunden, bevor eine überfällige Zusage als gebrochen gilt</translation>
    </message>
    <message>
        <source> h</source>
        <comment>the unit after a number of hours</comment>
        <translation> Std.</translation>
    </message>
    <message>
        <source>An overdue promise is broken after</source>
        <translation>Eine überfällige Zusage gilt als gebrochen nach</translation>
    </message>
    <message>
        <source>Logo for the reports</source>
        <translation>Logo für die Berichte</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg)</source>
        <translation>Bilder (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>The password cannot be stored safely: {error}. Leave the password empty and use PostgreSQL&apos;s password file (~/.pgpass) instead.</source>
        <translation>Das Passwort kann nicht sicher gespeichert werden: {error}. Lassen Sie das Passwort leer und verwenden Sie stattdessen die Passwortdatei von PostgreSQL (~/.pgpass).</translation>
    </message>
    <message>
        <source>Settings not saved: {error}</source>
        <translation>Einstellungen nicht gespeichert: {error}</translation>
    </message>
</context>
<context>
    <name>SourceDetailsDialog</name>
    <message>
        <source>Source {name}</source>
        <translation>Quelle {name}</translation>
    </message>
    <message>
        <source>Source details</source>
        <translation>Details zur Quelle</translation>
    </message>
    <message>
        <source>Sync this source now</source>
        <translation>Diese Quelle jetzt synchronisieren</translation>
    </message>
</context>
<context>
    <name>SourceStatusBar</name>
    <message>
        <source>Data freshness</source>
        <translation>Aktualität der Daten</translation>
    </message>
    <message>
        <source>No sources connected yet: the ERP, shop and ticket systems show here.</source>
        <translation>Noch keine Quellen verbunden: ERP-, Shop- und Ticketsysteme werden hier angezeigt.</translation>
    </message>
    <message>
        <source>Customers and events in the store</source>
        <translation>Kunden und Ereignisse im Datenspeicher</translation>
    </message>
    <message>
        <source>Details of this source</source>
        <translation>Details zu dieser Quelle</translation>
    </message>
    <message>
        <source>({customers} customers · {events} events)</source>
        <translation>({customers} Kunden · {events} Ereignisse)</translation>
    </message>
</context>
<context>
    <name>SuggestionsPanel</name>
    <message>
        <source>by phone</source>
        <translation>per Telefon</translation>
    </message>
    <message>
        <source>by e-mail</source>
        <translation>per E-Mail</translation>
    </message>
    <message>
        <source>by SMS</source>
        <translation>per SMS</translation>
    </message>
    <message>
        <source>by chat</source>
        <translation>per Chat</translation>
    </message>
    <message>
        <source>by post</source>
        <translation>per Post</translation>
    </message>
    <message>
        <source>Suggestions</source>
        <translation>Vorschläge</translation>
    </message>
    <message>
        <source>Next-best offers for the open customer appear here, only when the customer is satisfied and has not opted out.</source>
        <translation>Die nächstbesten Angebote für den geöffneten Kunden erscheinen hier, aber nur, wenn der Kunde zufrieden ist und keinen Widerspruch eingelegt hat.</translation>
    </message>
    <message>
        <source>Why there are no suggestions</source>
        <translation>Warum es keine Vorschläge gibt</translation>
    </message>
    <message>
        <source>Suggested offers</source>
        <translation>Vorgeschlagene Angebote</translation>
    </message>
    <message>
        <source>Follow up</source>
        <translation>Nachverfolgen</translation>
    </message>
    <message>
        <source>Create a follow-up task for the offer</source>
        <translation>Eine Folgeaufgabe für das Angebot anlegen</translation>
    </message>
    <message>
        <source>Follow-up in days</source>
        <translation>Nachverfolgung in Tagen</translation>
    </message>
    <message>
        <source> d</source>
        <translation> Tg.</translation>
    </message>
    <message>
        <source>A follow-up task this many days after the offer</source>
        <translation>Eine Folgeaufgabe so viele Tage nach dem Angebot</translation>
    </message>
    <message>
        <source>&amp;Offer</source>
        <translation>&amp;Anbieten</translation>
    </message>
    <message>
        <source>Offer the selected suggestion</source>
        <translation>Den ausgewählten Vorschlag anbieten</translation>
    </message>
    <message>
        <source>Offers made</source>
        <translation>Unterbreitete Angebote</translation>
    </message>
    <message>
        <source>Offers made to this customer</source>
        <translation>Diesem Kunden unterbreitete Angebote</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Angenommen</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>Später</translation>
    </message>
    <message>
        <source>The customer&apos;s answer: {answer}</source>
        <translation>Antwort des Kunden: {answer}</translation>
    </message>
    <message>
        <source>Satisfy first: no offers now.</source>
        <translation>Erst zufriedenstellen: derzeit keine Angebote.</translation>
    </message>
    <message>
        <source>Nothing to suggest: the catalog has nothing that fits what they bought, or it was offered or declined lately.</source>
        <translation>Nichts vorzuschlagen: Der Katalog enthält nichts, was zu den bisherigen Käufen passt, oder es wurde kürzlich angeboten oder abgelehnt.</translation>
    </message>
    <message>
        <source>Select a suggestion to offer.</source>
        <translation>Wählen Sie einen Vorschlag aus, um ihn anzubieten.</translation>
    </message>
    <message>
        <source>Select the offer the customer answered.</source>
        <translation>Wählen Sie das Angebot aus, auf das der Kunde geantwortet hat.</translation>
    </message>
</context>
<context>
    <name>SyncProgress</name>
    <message>
        <source>Sync progress</source>
        <translation>Synchronisierungsfortschritt</translation>
    </message>
    <message>
        <source>Sources done</source>
        <translation>Abgeschlossene Quellen</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Stop the sync</source>
        <translation>Synchronisierung anhalten</translation>
    </message>
    <message>
        <source>Stop after the page being read now (Shift+F5); nothing is lost</source>
        <translation>Nach der gerade gelesenen Seite anhalten (Umschalt+F5); es geht nichts verloren</translation>
    </message>
    <message>
        <source>Sync starting…</source>
        <translation>Synchronisierung startet…</translation>
    </message>
    <message>
        <source>{source}: connecting…</source>
        <translation>{source}: Verbindung wird hergestellt…</translation>
    </message>
    <message>
        <source>{source} · {stream}: {records} records (page {page})</source>
        <translation>{source} · {stream}: {records} Datensätze (Seite {page})</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Wird angehalten…</translation>
    </message>
    <message>
        <source>{progress}  — stopping after this page</source>
        <translation>{progress}  — wird nach dieser Seite angehalten</translation>
    </message>
</context>
<context>
    <name>SyncReportDialog</name>
    <message>
        <source>Sync report</source>
        <translation>Synchronisierungsbericht</translation>
    </message>
    <message>
        <source>No sync has run from this window yet. Press F5 to sync now; the status bar shows when each source last synced (a team sync service may sync for you).</source>
        <translation>In diesem Fenster wurde noch keine Synchronisierung ausgeführt. Drücken Sie F5, um jetzt zu synchronisieren; die Statusleiste zeigt, wann jede Quelle zuletzt synchronisiert wurde (möglicherweise synchronisiert ein Team-Synchronisierungsdienst für Sie).</translation>
    </message>
    <message>
        <source>Sync (full) finished {when}</source>
        <translation>Synchronisierung (vollständig) beendet am {when}</translation>
    </message>
    <message>
        <source>Sync (incremental) finished {when}</source>
        <translation>Synchronisierung (inkrementell) beendet am {when}</translation>
    </message>
    <message>
        <source>No source ran (stopped before the first one).</source>
        <translation>Keine Quelle ausgeführt (vor der ersten gestoppt).</translation>
    </message>
</context>
<context>
    <name>TaskDialog</name>
    <message>
        <source>New task</source>
        <translation>Neue Aufgabe</translation>
    </message>
    <message>
        <source>For</source>
        <translation>Für</translation>
    </message>
    <message>
        <source>Task title</source>
        <translation>Titel der Aufgabe</translation>
    </message>
    <message>
        <source>What is to be done, e.g. Call back with the courier&apos;s answer</source>
        <translation>Was zu tun ist, z. B. Mit der Antwort des Kurierdienstes zurückrufen</translation>
    </message>
    <message>
        <source>&amp;Title</source>
        <translation>&amp;Titel</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>&amp;Details</source>
        <translation>&amp;Details</translation>
    </message>
    <message>
        <source>&amp;Due</source>
        <translation>&amp;Fällig</translation>
    </message>
    <message>
        <source>Due time</source>
        <translation>Fälligkeit</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>&amp;Priority</source>
        <translation>&amp;Priorität</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>Zuständig</translation>
    </message>
    <message>
        <source>&amp;Assignee</source>
        <translation>&amp;Zuständig</translation>
    </message>
    <message>
        <source>&amp;Remind me</source>
        <translation>&amp;Erinnern</translation>
    </message>
    <message>
        <source>Reminder time</source>
        <translation>Erinnerungszeit</translation>
    </message>
    <message>
        <source>Reminder</source>
        <translation>Erinnerung</translation>
    </message>
    <message>
        <source>Give the task a title (what is to be done).</source>
        <translation>Geben Sie der Aufgabe einen Titel (was zu tun ist).</translation>
    </message>
</context>
<context>
    <name>TaskPriority</name>
    <message>
        <source>low</source>
        <translation>niedrig</translation>
    </message>
    <message>
        <source>normal</source>
        <translation>normal</translation>
    </message>
    <message>
        <source>high</source>
        <translation>hoch</translation>
    </message>
    <message>
        <source>urgent</source>
        <translation>dringend</translation>
    </message>
</context>
<context>
    <name>TimelineCategory</name>
    <message>
        <source>Interactions</source>
        <translation>Interaktionen</translation>
    </message>
    <message>
        <source>Commercial</source>
        <translation>Geschäftlich</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>Änderungen</translation>
    </message>
</context>
<context>
    <name>TimelineModel</name>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Referenz</translation>
    </message>
</context>
<context>
    <name>TimelineView</name>
    <message>
        <source>No grouping</source>
        <translation>Keine Gruppierung</translation>
    </message>
    <message>
        <source>By day</source>
        <translation>Nach Tag</translation>
    </message>
    <message>
        <source>By story</source>
        <translation>Nach Vorgang</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>Beliebiger Zeitraum</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <source>Last 12 months</source>
        <translation>Letzte 12 Monate</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Filter the timeline by text</source>
        <translation>Verlauf nach Text filtern</translation>
    </message>
    <message>
        <source>Filter: text in title, body or reference</source>
        <translation>Filter: Text in Titel, Inhalt oder Referenz</translation>
    </message>
    <message>
        <source>Filter the timeline by source</source>
        <translation>Verlauf nach Quelle filtern</translation>
    </message>
    <message>
        <source>Filter the timeline by kind</source>
        <translation>Verlauf nach Art filtern</translation>
    </message>
    <message>
        <source>Filter the timeline by date</source>
        <translation>Verlauf nach Datum filtern</translation>
    </message>
    <message>
        <source>Group the timeline</source>
        <translation>Verlauf gruppieren</translation>
    </message>
    <message>
        <source>Timeline events, newest first</source>
        <translation>Ereignisse im Verlauf, neueste zuerst</translation>
    </message>
    <message>
        <source>Event details</source>
        <translation>Ereignisdetails</translation>
    </message>
    <message>
        <source>Select an event to see every field and the link back.</source>
        <translation>Wählen Sie ein Ereignis aus, um alle Felder und den Rücklink zu sehen.</translation>
    </message>
    <message>
        <source>All sources</source>
        <translation>Alle Quellen</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>Alle Arten</translation>
    </message>
    <message numerus="yes">
        <source>{count} event(s)</source>
        <translation>
            <numerusform>{count} Ereignis</numerusform>
            <numerusform>{count} Ereignisse</numerusform>
        </translation>
    </message>
    <message>
        <source>This event is gone (deleted at the source).</source>
        <translation>Dieses Ereignis existiert nicht mehr (in der Quelle gelöscht).</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Referenz</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <source>Logged by</source>
        <translation>Erfasst von</translation>
    </message>
    <message>
        <source>Open in {source}</source>
        <translation>In {source} öffnen</translation>
    </message>
    <message>
        <source>From the source</source>
        <translation>Aus der Quelle</translation>
    </message>
</context>
<context>
    <name>_SaveDialog</name>
    <message>
        <source>Why it was not saved</source>
        <translation>Warum nicht gespeichert wurde</translation>
    </message>
    <message>
        <source>Save (Ctrl+Enter)</source>
        <translation>Speichern (Strg+Enter)</translation>
    </message>
</context>
<context>
    <name>about</name>
    <message>
        <source>About Agent Desk</source>
        <translation>Über Agent Desk</translation>
    </message>
    <message>
        <source>The customer on the line, in one view.</source>
        <translation>Der Kunde am Telefon, auf einen Blick.</translation>
    </message>
    <message>
        <source>Database: {database}</source>
        <translation>Datenbank: {database}</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>Opening the database…</source>
        <translation>Datenbank wird geöffnet…</translation>
    </message>
    <message>
        <source>Agent Desk</source>
        <translation>Agent Desk</translation>
    </message>
    <message>
        <source>{kind}: {error} (details in {log_file})</source>
        <translation>{kind}: {error} (Details in {log_file})</translation>
    </message>
    <message>
        <source>The database cannot be opened.</source>
        <translation>Die Datenbank kann nicht geöffnet werden.</translation>
    </message>
    <message>
        <source>{error}

The database is set by the environment variable {variable}; change or remove it to use the database chosen in Settings.</source>
        <translation>{error}

Die Datenbank wird durch die Umgebungsvariable {variable} festgelegt; ändern oder entfernen Sie sie, um die in den Einstellungen gewählte Datenbank zu verwenden.</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Einstellungen…</translation>
    </message>
    <message>
        <source>Use this computer&apos;s database</source>
        <translation>Datenbank dieses Computers verwenden</translation>
    </message>
    <message>
        <source>The settings cannot be read.

{error}</source>
        <translation>Die Einstellungen können nicht gelesen werden.

{error}</translation>
    </message>
    <message>
        <source>English is shown: {problem}</source>
        <translation>Englisch wird angezeigt: {problem}</translation>
    </message>
</context>
<context>
    <name>audit</name>
    <message>
        <source>{what} no longer exists (deleted by somebody else?)</source>
        <translation>{what} existiert nicht mehr (von jemand anderem gelöscht?)</translation>
    </message>
</context>
<context>
    <name>catalog</name>
    <message>
        <source>{file}: triggers.moved.skus names {sku}, which is not in {products}</source>
        <translation>{file}: triggers.moved.skus nennt {sku}, das nicht in {products} enthalten ist</translation>
    </message>
    <message>
        <source>catalog file {path} does not exist</source>
        <translation>Katalogdatei {path} existiert nicht</translation>
    </message>
    <message>
        <source>cannot read catalog file {path}: {error}</source>
        <translation>Katalogdatei {path} kann nicht gelesen werden: {error}</translation>
    </message>
    <message>
        <source>{where}: the header lacks the column(s) {columns}</source>
        <translation>{where}: In der Kopfzeile fehlen die Spalte(n) {columns}</translation>
    </message>
    <message>
        <source>{where} line {line}, {column}: {problem}</source>
        <translation>{where} Zeile {line}, {column}: {problem}</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>leer</translation>
    </message>
    <message>
        <source>{sku} is listed twice</source>
        <translation>{sku} ist doppelt aufgeführt</translation>
    </message>
    <message>
        <source>{kind} is not one of {kinds}</source>
        <translation>{kind} ist keiner der Werte {kinds}</translation>
    </message>
    <message>
        <source>{value} is not a price</source>
        <translation>{value} ist kein Preis</translation>
    </message>
    <message>
        <source>{value} is not a percentage</source>
        <translation>{value} ist kein Prozentwert</translation>
    </message>
    <message>
        <source>{value} is not a number of days</source>
        <translation>{value} ist keine Anzahl von Tagen</translation>
    </message>
    <message>
        <source>{where}: {sku} {column} {target} is not in the catalog</source>
        <translation>{where}: {sku} {column} {target} ist nicht im Katalog</translation>
    </message>
    <message>
        <source>{where} is not valid TOML: {error}</source>
        <translation>{where} ist kein gültiges TOML: {error}</translation>
    </message>
    <message>
        <source>{where}: {key} = {value} is not a number of days</source>
        <translation>{where}: {key} = {value} ist keine Anzahl von Tagen</translation>
    </message>
    <message>
        <source>{where}: {key} = {value} is not a non-negative int</source>
        <translation>{where}: {key} = {value} ist keine nicht negative Ganzzahl</translation>
    </message>
    <message>
        <source>{where}: {key} = {value} is not a non-negative float</source>
        <translation>{where}: {key} = {value} ist keine nicht negative Gleitkommazahl</translation>
    </message>
    <message>
        <source>{where}: triggers.moved.skus must be a list of SKUs</source>
        <translation>{where}: triggers.moved.skus muss eine Liste von SKUs sein</translation>
    </message>
    <message>
        <source>{where}: mining.min_confidence is a share from 0 to 1</source>
        <translation>{where}: mining.min_confidence ist ein Anteil von 0 bis 1</translation>
    </message>
</context>
<context>
    <name>commitments</name>
    <message>
        <source>Commitment #{id}</source>
        <translation>Zusage #{id}</translation>
    </message>
    <message>
        <source>there is no agent called {name}</source>
        <translation>es gibt keinen Mitarbeiter namens {name}</translation>
    </message>
    <message>
        <source>unknown kind of commitment {kind}: use one of {kinds}</source>
        <translation>unbekannte Art von Zusage {kind}: verwenden Sie eine von {kinds}</translation>
    </message>
    <message>
        <source>unknown channel {channel}: use one of {channels}</source>
        <translation>unbekannter Kanal {channel}: verwenden Sie einen von {channels}</translation>
    </message>
    <message>
        <source>an update cadence is between 1 and 90 days</source>
        <translation>ein Aktualisierungsintervall liegt zwischen 1 und 90 Tagen</translation>
    </message>
    <message>
        <source>say what was promised (the description is empty)</source>
        <translation>geben Sie an, was zugesagt wurde (die Beschreibung ist leer)</translation>
    </message>
    <message>
        <source>a due time needs its time zone</source>
        <translation>ein Fälligkeitszeitpunkt braucht seine Zeitzone</translation>
    </message>
    <message>
        <source>promised</source>
        <translation>zugesagt</translation>
    </message>
    <message>
        <source>Task #{id}</source>
        <translation>Aufgabe #{id}</translation>
    </message>
    <message>
        <source>a commitment is open, kept, broken or cancelled, not {state}</source>
        <translation>eine Zusage ist offen (open), eingehalten (kept), gebrochen (broken) oder storniert (cancelled), nicht {state}</translation>
    </message>
    <message>
        <source>say why the commitment is cancelled (the customer will ask)</source>
        <translation>geben Sie an, warum die Zusage storniert wird (der Kunde wird fragen)</translation>
    </message>
    <message>
        <source>say why the date moves (it stays in the commitment&apos;s history)</source>
        <translation>geben Sie an, warum sich das Datum verschiebt (es bleibt in der Historie der Zusage)</translation>
    </message>
    <message>
        <source>Commitment #{id} is kept: reopen it first</source>
        <translation>Zusage #{id} ist eingehalten: öffnen Sie sie zuerst wieder</translation>
    </message>
    <message>
        <source>Commitment #{id} is cancelled: reopen it first</source>
        <translation>Zusage #{id} ist storniert: öffnen Sie sie zuerst wieder</translation>
    </message>
    <message>
        <source>kept: {event}</source>
        <translation>eingehalten: {event}</translation>
    </message>
    <message>
        <source>not kept within {span} of the due time</source>
        <translation>{span} nach Fälligkeit nicht eingehalten</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n Tag</numerusform>
            <numerusform>%n Tage</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s)</source>
        <translation>
            <numerusform>%n Stunde</numerusform>
            <numerusform>%n Stunden</numerusform>
        </translation>
    </message>
    <message>
        <source>{hours} hours</source>
        <translation>{hours} Stunden</translation>
    </message>
    <message>
        <source>Update the customer by {channel}: {promise}</source>
        <translation>Kunden per {channel} informieren: {promise}</translation>
    </message>
    <message>
        <source>Update the customer: {promise}</source>
        <translation>Kunden informieren: {promise}</translation>
    </message>
    <message>
        <source>Commitment #{id} asks for an update every {days} day(s) until it is kept. Tell the customer where things stand.</source>
        <translation>Zusage #{id} verlangt alle {days} Tag(e) eine Rückmeldung, bis sie eingehalten ist. Informieren Sie den Kunden über den aktuellen Stand.</translation>
    </message>
    <message>
        <source>Commitment #{id} does not exist</source>
        <translation>Zusage #{id} existiert nicht</translation>
    </message>
</context>
<context>
    <name>customers</name>
    <message>
        <source>enter the caller&apos;s name before creating the customer</source>
        <translation>Geben Sie den Namen des Anrufers ein, bevor Sie den Kunden anlegen</translation>
    </message>
    <message>
        <source>{phone} is not a phone number (check the digits)</source>
        <translation>{phone} ist keine Telefonnummer (prüfen Sie die Ziffern)</translation>
    </message>
    <message>
        <source>{email} is not an e-mail address</source>
        <translation>{email} ist keine E-Mail-Adresse</translation>
    </message>
</context>
<context>
    <name>doctor</name>
    <message>
        <source>{path} (not created yet: defaults)</source>
        <translation>{path} (noch nicht angelegt: Standardwerte)</translation>
    </message>
    <message>
        <source>settings file</source>
        <translation>Einstellungsdatei</translation>
    </message>
    <message>
        <source>none (a folder of its own: AGENT_DESK_HOME)</source>
        <translation>keine (eigener Ordner: AGENT_DESK_HOME)</translation>
    </message>
    <message>
        <source>{path} (none: nothing pre-seeded)</source>
        <translation>{path} (keine: nichts vorbelegt)</translation>
    </message>
    <message>
        <source>site settings</source>
        <translation>Standort-Einstellungen</translation>
    </message>
    <message>
        <source>log file</source>
        <translation>Logdatei</translation>
    </message>
    <message>
        <source>database</source>
        <translation>Datenbank</translation>
    </message>
    <message>
        <source>database file</source>
        <translation>Datenbankdatei</translation>
    </message>
    <message>
        <source>{path} does not exist yet (created at first start or by `agent-desk db upgrade`)</source>
        <translation>{path} existiert noch nicht (wird beim ersten Start oder durch `agent-desk db upgrade` angelegt)</translation>
    </message>
    <message>
        <source>connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>schema</source>
        <translation>Schema</translation>
    </message>
    <message>
        <source>{current} (up to date)</source>
        <translation>{current} (aktuell)</translation>
    </message>
    <message>
        <source>none; run `agent-desk db upgrade` (newest is {head})</source>
        <translation>keins; führen Sie `agent-desk db upgrade` aus (neueste Version: {head})</translation>
    </message>
    <message>
        <source>{current}, newest is {head}; run `agent-desk db upgrade`</source>
        <translation>{current}, neueste Version: {head}; führen Sie `agent-desk db upgrade` aus</translation>
    </message>
    <message>
        <source>keyring</source>
        <translation>keyring</translation>
    </message>
    <message>
        <source>sources</source>
        <translation>Quellen</translation>
    </message>
    <message>
        <source>none configured</source>
        <translation>keine konfiguriert</translation>
    </message>
    <message>
        <source>{sources} (last sync unknown: no schema)</source>
        <translation>{sources} (letzte Synchronisierung unbekannt: kein Schema)</translation>
    </message>
    <message>
        <source>source {name}</source>
        <translation>Quelle {name}</translation>
    </message>
</context>
<context>
    <name>followup</name>
    <message>
        <source>Overdue</source>
        <translation>Überfällig</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <source>Upcoming</source>
        <translation>Demnächst</translation>
    </message>
    <message>
        <source>No date</source>
        <translation>Ohne Datum</translation>
    </message>
    <message>
        <source>Snoozed</source>
        <translation>Zurückgestellt</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Erledigt</translation>
    </message>
    <message>
        <source>no date</source>
        <translation>ohne Datum</translation>
    </message>
    <message>
        <source>Priority: {priority}</source>
        <translation>Priorität: {priority}</translation>
    </message>
</context>
<context>
    <name>identity</name>
    <message>
        <source>no name</source>
        <translation>kein Name</translation>
    </message>
    <message>
        <source>Record {record}: {source} {entity} {external_id} ({name}) [deleted at source]</source>
        <translation>Datensatz {record}: {source} {entity} {external_id} ({name}) [in der Quelle gelöscht]</translation>
    </message>
    <message>
        <source>Record {record}: {source} {entity} {external_id} ({name})</source>
        <translation>Datensatz {record}: {source} {entity} {external_id} ({name})</translation>
    </message>
    <message>
        <source>the first record of this customer</source>
        <translation>der erste Datensatz dieses Kunden</translation>
    </message>
    <message>
        <source>merged because: {because} (with record {record}; {decided}, score {score})</source>
        <translation>zusammengeführt wegen: {because} (mit Datensatz {record}; {decided}, Score {score})</translation>
    </message>
    <message>
        <source>merged because: {because} (with record {record}; {decided})</source>
        <translation>zusammengeführt wegen: {because} (mit Datensatz {record}; {decided})</translation>
    </message>
    <message>
        <source>Customer {customer} ({name}) may be the same person</source>
        <translation>Kunde {customer} ({name}) ist möglicherweise dieselbe Person</translation>
    </message>
    <message>
        <source>{reason} (score {score}; record {record} and record {other_record}, link {link})</source>
        <translation>{reason} (Score {score}; Datensatz {record} und Datensatz {other_record}, Verknüpfung {link})</translation>
    </message>
    <message>
        <source>{message} (journal entry #{entry}; undo it from the Identity tab)</source>
        <translation>{message} (Protokolleintrag #{entry}; im Reiter „Identität“ rückgängig machen)</translation>
    </message>
</context>
<context>
    <name>lead_view</name>
    <message>
        <source>{hours} h</source>
        <translation>{hours} Std.</translation>
    </message>
    <message>
        <source>{days} d</source>
        <translation>{days} T</translation>
    </message>
</context>
<context>
    <name>mining</name>
    <message>
        <source>mining the order lines for cross-sell rules</source>
        <translation>Bestellpositionen werden nach Cross-Selling-Regeln durchsucht</translation>
    </message>
</context>
<context>
    <name>offers</name>
    <message>
        <source>Offer #{id}</source>
        <translation>Angebot #{id}</translation>
    </message>
    <message>
        <source>{product} was already offered to this customer ({agent}, offer #{id}): record their answer to that one</source>
        <translation>{product} wurde diesem Kunden bereits angeboten ({agent}, Angebot #{id}): Erfassen Sie die Antwort auf dieses Angebot</translation>
    </message>
    <message>
        <source>someone</source>
        <translation>jemand</translation>
    </message>
    <message>
        <source>No offer now: {reasons}</source>
        <translation>Jetzt kein Angebot: {reasons}</translation>
    </message>
    <message>
        <source>The customer opted out of any channel: no offer through it</source>
        <translation>Der Kunde hat allen Kanälen widersprochen: kein Angebot möglich</translation>
    </message>
    <message>
        <source>The customer opted out of {channel}: no offer through it</source>
        <translation>Der Kunde hat dem Kanal {channel} widersprochen: kein Angebot über diesen Kanal</translation>
    </message>
    <message>
        <source>Offered {product} ({price}) by {channel}</source>
        <translation>{product} ({price}) per {channel} angeboten</translation>
    </message>
    <message>
        <source>Follow up on the offer: {product}</source>
        <translation>Angebot nachverfolgen: {product}</translation>
    </message>
    <message>
        <source>an offer&apos;s outcome is accepted, declined or later</source>
        <translation>das Ergebnis eines Angebots ist „angenommen“, „abgelehnt“ oder „später“</translation>
    </message>
    <message>
        <source>Task #{id}</source>
        <translation>Aufgabe #{id}</translation>
    </message>
    <message>
        <source>offer #{id} does not exist</source>
        <translation>Angebot #{id} existiert nicht</translation>
    </message>
</context>
<context>
    <name>overview</name>
    <message>
        <source>fetched {count}</source>
        <translation>{count} abgerufen</translation>
    </message>
    <message>
        <source>inserted {count}</source>
        <translation>{count} eingefügt</translation>
    </message>
    <message>
        <source>updated {count}</source>
        <translation>{count} aktualisiert</translation>
    </message>
    <message>
        <source>unchanged {count}</source>
        <translation>{count} unverändert</translation>
    </message>
    <message>
        <source>deleted {count}</source>
        <translation>{count} gelöscht</translation>
    </message>
    <message>
        <source>rejected {count}</source>
        <translation>{count} abgelehnt</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>succeeded</source>
        <translation>erfolgreich</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>gerade eben</translation>
    </message>
    <message>
        <source>{minutes} min ago</source>
        <translation>vor {minutes} Min.</translation>
    </message>
    <message>
        <source>{hours} h ago</source>
        <translation>vor {hours} Std.</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>vor %n Tag</numerusform>
            <numerusform>vor %n Tagen</numerusform>
        </translation>
    </message>
    <message>
        <source>{name}: syncing now (first sync)</source>
        <translation>{name}: wird gerade synchronisiert (erste Synchronisierung)</translation>
    </message>
    <message>
        <source>{name}: syncing now (last good {age})</source>
        <translation>{name}: wird gerade synchronisiert (zuletzt erfolgreich {age})</translation>
    </message>
    <message>
        <source>{name}: not synced yet</source>
        <translation>{name}: noch nicht synchronisiert</translation>
    </message>
    <message>
        <source>{name}: failed {time}</source>
        <translation>{name}: fehlgeschlagen um {time}</translation>
    </message>
    <message>
        <source>Type: {type}</source>
        <translation>Typ: {type}</translation>
    </message>
    <message>
        <source>Type: {type}, no longer configured</source>
        <translation>Typ: {type}, nicht mehr konfiguriert</translation>
    </message>
    <message>
        <source>Syncing now on {host}</source>
        <translation>Wird gerade auf {host} synchronisiert</translation>
    </message>
    <message>
        <source>Last success: {when}</source>
        <translation>Letzter Erfolg: {when}</translation>
    </message>
    <message>
        <source>Last attempt: {when}</source>
        <translation>Letzter Versuch: {when}</translation>
    </message>
    <message>
        <source>Last error: {error}</source>
        <translation>Letzter Fehler: {error}</translation>
    </message>
    <message>
        <source>No sync run recorded yet.</source>
        <translation>Noch kein Synchronisierungslauf aufgezeichnet.</translation>
    </message>
    <message>
        <source>full</source>
        <translation>vollständig</translation>
    </message>
    <message>
        <source>incremental</source>
        <translation>inkrementell</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>noch nicht</translation>
    </message>
    <message>
        <source>Last run ({kind} on {host}): {status}, started {started}, finished {finished}</source>
        <translation>Letzter Lauf ({kind} auf {host}): {status}, Beginn {started}, Ende {finished}</translation>
    </message>
    <message>
        <source>Last run ({kind}): {status}, started {started}, finished {finished}</source>
        <translation>Letzter Lauf ({kind}): {status}, Beginn {started}, Ende {finished}</translation>
    </message>
    <message>
        <source>error: {error}</source>
        <translation>Fehler: {error}</translation>
    </message>
</context>
<context>
    <name>panels</name>
    <message>
        <source>Platinum</source>
        <translation>Platin</translation>
    </message>
    <message>
        <source>Gold</source>
        <translation>Gold</translation>
    </message>
    <message>
        <source>Silver</source>
        <translation>Silber</translation>
    </message>
    <message>
        <source>Bronze</source>
        <translation>Bronze</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Neu</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Loyal</source>
        <translation>Treu</translation>
    </message>
    <message>
        <source>Lapsing</source>
        <translation>Nachlassend</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>Verloren</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Niedrig</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>Mittel</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Hoch</translation>
    </message>
    <message>
        <source>last contact {date}</source>
        <translation>letzter Kontakt {date}</translation>
    </message>
    <message>
        <source>no contact yet</source>
        <translation>noch kein Kontakt</translation>
    </message>
    <message>
        <source>No. {number}</source>
        <translation>Nr. {number}</translation>
    </message>
</context>
<context>
    <name>pop</name>
    <message>
        <source>not an {scheme}: URL: {url}</source>
        <translation>keine {scheme}:-URL: {url}</translation>
    </message>
    <message>
        <source>{scheme}: URLs say pop (agentdesk:pop?phone=…), not {action}</source>
        <translation>{scheme}:-URLs lauten pop (agentdesk:pop?phone=…), nicht {action}</translation>
    </message>
    <message>
        <source>unknown key in the pop URL: {keys}</source>
        <translation>unbekannter Schlüssel in der pop-URL: {keys}</translation>
    </message>
    <message>
        <source>a pop URL names the caller by exactly one of: {kinds}</source>
        <translation>eine pop-URL nennt den Anrufer mit genau einem von: {kinds}</translation>
    </message>
    <message>
        <source>a customer id is a number, not {value}</source>
        <translation>eine Kunden-ID ist eine Zahl, nicht {value}</translation>
    </message>
</context>
<context>
    <name>profile</name>
    <message>
        <source>no purchases yet</source>
        <translation>noch keine Käufe</translation>
    </message>
    <message>
        <source>first purchase {days} days ago</source>
        <translation>erster Kauf vor {days} Tagen</translation>
    </message>
    <message>
        <source>no purchase for {days} days (usually every {usual} days)</source>
        <translation>seit {days} Tagen kein Kauf (sonst alle {usual} Tage)</translation>
    </message>
    <message>
        <source>{count} purchases since {since}</source>
        <translation>{count} Käufe seit {since}</translation>
    </message>
    <message>
        <source>last purchase {days} days ago</source>
        <translation>letzter Kauf vor {days} Tagen</translation>
    </message>
    <message>
        <source>purchases stopping: {reason}</source>
        <translation>Käufe bleiben aus: {reason}</translation>
    </message>
    <message>
        <source>open complaint: {title} ({reference}, {age})</source>
        <translation>offene Beschwerde: {title} ({reference}, {age})</translation>
    </message>
    <message>
        <source>open complaint: {title} (ticket, {age})</source>
        <translation>offene Beschwerde: {title} (Ticket, {age})</translation>
    </message>
    <message>
        <source>broken promise: {promise}</source>
        <translation>nicht eingehaltene Zusage: {promise}</translation>
    </message>
    <message>
        <source>promise overdue since {age}: {promise}</source>
        <translation>überfällige Zusage (fällig {age}): {promise}</translation>
    </message>
    <message>
        <source>{count} contacts in 7 days about {topic}</source>
        <translation>{count} Kontakte in 7 Tagen zu {topic}</translation>
    </message>
    <message>
        <source>rated the service bad {age}</source>
        <translation>hat den Service {age} schlecht bewertet</translation>
    </message>
    <message>
        <source>no outcome recorded</source>
        <translation>kein Ergebnis erfasst</translation>
    </message>
    <message>
        <source>Call {age}: {reason}. Outcome: {outcome}</source>
        <translation>Anruf {age}: {reason}. Ergebnis: {outcome}</translation>
    </message>
    <message>
        <source>Ticket {reference} {age}: {title} ({status})</source>
        <translation>Ticket {reference} {age}: {title} ({status})</translation>
    </message>
    <message>
        <source>Ticket {age}: {title} ({status})</source>
        <translation>Ticket {age}: {title} ({status})</translation>
    </message>
    <message>
        <source>open</source>
        <comment>a ticket&apos;s status</comment>
        <translation>offen</translation>
    </message>
    <message>
        <source>Do not call</source>
        <translation>Nicht anrufen</translation>
    </message>
    <message>
        <source>No {channels}</source>
        <translation>Nicht per {channels}</translation>
    </message>
    <message>
        <source>{channels} or {channel}</source>
        <translation>{channels} oder {channel}</translation>
    </message>
    <message>
        <source>Only {channels}</source>
        <translation>Nur {channels}</translation>
    </message>
    <message>
        <source>Prefers {channels}</source>
        <translation>Bevorzugt {channels}</translation>
    </message>
    <message>
        <source>No preferences recorded</source>
        <translation>Keine Präferenzen erfasst</translation>
    </message>
    <message>
        <source>unknown channel: {channels}</source>
        <translation>unbekannter Kanal: {channels}</translation>
    </message>
</context>
<context>
    <name>reports</name>
    <message>
        <source>the printer could not be started</source>
        <translation>der Drucker konnte nicht gestartet werden</translation>
    </message>
    <message>
        <source>not printed: {error}</source>
        <translation>nicht gedruckt: {error}</translation>
    </message>
</context>
<context>
    <name>search</name>
    <message>
        <source>order {reference}</source>
        <translation>Bestellung {reference}</translation>
    </message>
    <message>
        <source>ticket {reference}</source>
        <translation>Ticket {reference}</translation>
    </message>
    <message>
        <source>invoice {reference}</source>
        <translation>Rechnung {reference}</translation>
    </message>
    <message>
        <source>payment {reference}</source>
        <translation>Zahlung {reference}</translation>
    </message>
    <message>
        <source>credit {reference}</source>
        <translation>Gutschrift {reference}</translation>
    </message>
    <message>
        <source>refund {reference}</source>
        <translation>Erstattung {reference}</translation>
    </message>
    <message>
        <source>contract {reference}</source>
        <translation>Vertrag {reference}</translation>
    </message>
    <message>
        <source>reference {reference}</source>
        <translation>Referenz {reference}</translation>
    </message>
    <message>
        <source>e-mail</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>customer #{id}</source>
        <translation>Kunde #{id}</translation>
    </message>
    <message>
        <source>customer number {number}</source>
        <translation>Kundennummer {number}</translation>
    </message>
    <message>
        <source>phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>phone …{digits}</source>
        <translation>Telefon …{digits}</translation>
    </message>
    <message>
        <source>name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>similar: {spelling}</source>
        <translation>ähnlich: {spelling}</translation>
    </message>
</context>
<context>
    <name>sources</name>
    <message>
        <source>credential &apos;{name}&apos; cannot be read: {error}</source>
        <translation>Zugangsdaten &apos;{name}&apos; können nicht gelesen werden: {error}</translation>
    </message>
    <message>
        <source>none configured</source>
        <translation>keine konfiguriert</translation>
    </message>
    <message>
        <source>no source named &apos;{name}&apos; (configured: {known})</source>
        <translation>keine Quelle namens &apos;{name}&apos; (konfiguriert: {known})</translation>
    </message>
    <message>
        <source>source &apos;{name}&apos; is switched off (enabled = false in the settings file); remove that line to use it again</source>
        <translation>Quelle „{name}“ ist ausgeschaltet (enabled = false in der Einstellungsdatei); entfernen Sie diese Zeile, um sie wieder zu nutzen</translation>
    </message>
</context>
<context>
    <name>status</name>
    <message>
        <source>{source}, see details</source>
        <translation>{source}, siehe Details</translation>
    </message>
</context>
<context>
    <name>suggest</name>
    <message>
        <source>Runs out around {due}: bought {quantity} on {bought}; one lasts about {days} days</source>
        <translation>Geht etwa am {due} zur Neige: {quantity} Stück am {bought} gekauft; eines reicht etwa {days} Tage</translation>
    </message>
    <message>
        <source>Extended warranty for the {device} bought on {bought}: can be added until {until}</source>
        <translation>Garantieverlängerung für das Gerät {device} (gekauft am {bought}): bis {until} hinzubuchbar</translation>
    </message>
    <message>
        <source>Consumable for the {device} they have had since {since}</source>
        <translation>Verbrauchsmaterial für das Gerät {device}, das der Kunde seit {since} hat</translation>
    </message>
    <message>
        <source>Accessory for the {device} they have had since {since}</source>
        <translation>Zubehör für das Gerät {device}, das der Kunde seit {since} hat</translation>
    </message>
    <message>
        <source>Service plan for the {device} they have had since {since}</source>
        <translation>Serviceplan für das Gerät {device}, das der Kunde seit {since} hat</translation>
    </message>
    <message>
        <source>{share} of customers who bought the {bought} also bought the {product}; lift {lift}</source>
        <translation>{share} der Kunden, die {bought} gekauft haben, kauften auch {product}; Lift {lift}</translation>
    </message>
    <message>
        <source>Moved {age} (new address in {source} on {day}): the {product} for the new home</source>
        <translation>Umgezogen {age} (neue Adresse in {source} am {day}): {product} für die neue Wohnung</translation>
    </message>
    <message>
        <source>Moved {age} (new address on {day}): the {product} for the new home</source>
        <translation>Umgezogen {age} (neue Adresse am {day}): {product} für die neue Wohnung</translation>
    </message>
    <message>
        <source>Their {contract} ({reference}) ended on {day}</source>
        <translation>{contract} ({reference}) ist am {day} ausgelaufen</translation>
    </message>
    <message>
        <source>Their {contract} ({reference}) ends on {day}</source>
        <translation>{contract} ({reference}) läuft am {day} aus</translation>
    </message>
    <message>
        <source>{ending}: renewal</source>
        <translation>{ending}: Verlängerung</translation>
    </message>
    <message>
        <source>{ending}: the care plan keeps the device covered</source>
        <translation>{ending}: Der Serviceplan hält den Schutz für das Gerät aufrecht</translation>
    </message>
    <message>
        <source>Upgrade of the {device}, which they have had for over a year</source>
        <translation>Upgrade für das Gerät {device}, das der Kunde seit über einem Jahr hat</translation>
    </message>
    <message>
        <source>Upgrade of the {device}, which they have had for {years} years</source>
        <translation>Upgrade für das Gerät {device}, das der Kunde seit {years} Jahren hat</translation>
    </message>
    <message>
        <source>customer #{id} does not exist</source>
        <translation>Kunde #{id} existiert nicht</translation>
    </message>
    <message>
        <source>customer #{id} was merged into #{other}: ask for that one</source>
        <translation>Kunde #{id} wurde mit #{other} zusammengeführt: Fragen Sie diesen ab</translation>
    </message>
    <message>
        <source>Do not contact: opted out of every channel</source>
        <translation>Nicht kontaktieren: alle Kanäle abgelehnt</translation>
    </message>
</context>
<context>
    <name>sync</name>
    <message>
        <source>{summary}; commitments not reviewed ({error}); the app&apos;s next review does it</source>
        <translation>{summary}; Zusagen nicht geprüft ({error}); die nächste Prüfung der App holt das nach</translation>
    </message>
    <message>
        <source>{summary}; commitments: {review}</source>
        <translation>{summary}; Zusagen: {review}</translation>
    </message>
    <message>
        <source>cross-sell rules not mined again</source>
        <translation>Cross-Selling-Regeln nicht neu ermittelt</translation>
    </message>
</context>
<context>
    <name>sync_view</name>
    <message>
        <source>succeeded</source>
        <translation>erfolgreich</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>busy</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>Sync stopped before any source ran.</source>
        <translation>Synchronisierung abgebrochen, bevor eine Quelle lief.</translation>
    </message>
    <message>
        <source>Sync stopped: {sources}. Details: Sync report (Ctrl+Shift+F5).</source>
        <translation>Synchronisierung abgebrochen: {sources}. Details: Synchronisierungsbericht (Strg+Umschalt+F5).</translation>
    </message>
    <message>
        <source>Sync finished with failures: {sources}. Details: Sync report (Ctrl+Shift+F5).</source>
        <translation>Synchronisierung mit Fehlern beendet: {sources}. Details: Synchronisierungsbericht (Strg+Umschalt+F5).</translation>
    </message>
    <message>
        <source>Sync finished: {sources}. Details: Sync report (Ctrl+Shift+F5).</source>
        <translation>Synchronisierung beendet: {sources}. Details: Synchronisierungsbericht (Strg+Umschalt+F5).</translation>
    </message>
</context>
<context>
    <name>tasks</name>
    <message>
        <source>Task #{id}</source>
        <translation>Aufgabe #{id}</translation>
    </message>
    <message>
        <source>give the task a title (what is to be done)</source>
        <translation>Geben Sie der Aufgabe einen Titel (was zu tun ist)</translation>
    </message>
    <message>
        <source>priority is one of {priorities}, not {priority}</source>
        <translation>Die Priorität ist eine von {priorities}, nicht {priority}</translation>
    </message>
    <message>
        <source>the due time needs its time zone</source>
        <translation>Die Fälligkeit braucht eine Zeitzone</translation>
    </message>
    <message>
        <source>the reminder needs its time zone</source>
        <translation>Die Erinnerung braucht eine Zeitzone</translation>
    </message>
    <message>
        <source>the snooze time needs its time zone</source>
        <translation>Der Zeitpunkt zum Zurückstellen braucht eine Zeitzone</translation>
    </message>
    <message>
        <source>snooze to a time that is still ahead</source>
        <translation>Stellen Sie auf einen Zeitpunkt in der Zukunft zurück</translation>
    </message>
    <message>
        <source>{kind}: {promise}, due {due}</source>
        <translation>{kind}: {promise}, fällig {due}</translation>
    </message>
    <message>
        <source>Task #{id} does not exist</source>
        <translation>Aufgabe #{id} existiert nicht</translation>
    </message>
</context>
<context>
    <name>team</name>
    <message>
        <source>not due</source>
        <translation>nicht fällig</translation>
    </message>
    <message>
        <source>due today</source>
        <translation>heute fällig</translation>
    </message>
    <message>
        <source>1–2 days late</source>
        <translation>1–2 Tage überfällig</translation>
    </message>
    <message>
        <source>3–7 days late</source>
        <translation>3–7 Tage überfällig</translation>
    </message>
    <message>
        <source>older</source>
        <translation>älter</translation>
    </message>
    <message>
        <source>broken</source>
        <translation>gebrochen</translation>
    </message>
    <message>
        <source>(nobody)</source>
        <translation>(niemand)</translation>
    </message>
    <message>
        <source>{username} is not a team lead: the team&apos;s commitments are for leads (the agents table (agent-desk agents role))</source>
        <translation>{username} ist keine Teamleitung: Die Zusagen des Teams sind der Teamleitung vorbehalten (Mitarbeitertabelle (agent-desk agents role))</translation>
    </message>
    <message>
        <source>{username} is not a team lead: the team&apos;s commitments are for leads (settings)</source>
        <translation>{username} ist keine Teamleitung: Die Zusagen des Teams sind der Teamleitung vorbehalten (Einstellungen)</translation>
    </message>
    <message>
        <source>agent #{id}</source>
        <translation>Mitarbeiter #{id}</translation>
    </message>
    <message>
        <source>a role is agent or lead, not {role}</source>
        <translation>eine Rolle ist agent oder lead, nicht {role}</translation>
    </message>
</context>
<context>
    <name>timeline</name>
    <message>
        <source>{title} ({count} events)</source>
        <translation>{title} ({count} Ereignisse)</translation>
    </message>
    <message>
        <source>an agent logs a call or a note, not {kind}</source>
        <translation>Mitarbeiter erfassen einen Anruf oder eine Notiz, nicht {kind}</translation>
    </message>
    <message>
        <source>say what the call was about (the reason)</source>
        <translation>geben Sie an, worum es im Anruf ging (den Grund)</translation>
    </message>
    <message>
        <source>the note is empty</source>
        <translation>die Notiz ist leer</translation>
    </message>
    <message>
        <source>Call: {reason}</source>
        <translation>Anruf: {reason}</translation>
    </message>
    <message>
        <source>customer #{id} does not exist</source>
        <translation>Kunde #{id} existiert nicht</translation>
    </message>
    <message>
        <source>customer #{id} was merged into #{other}: open that one</source>
        <translation>Kunde #{id} wurde mit #{other} zusammengeführt: Öffnen Sie diesen</translation>
    </message>
    <message>
        <source>{source}: failing, last good sync {age}; what you see may be out of date</source>
        <translation>{source}: fehlerhaft, letzte erfolgreiche Synchronisierung {age}; die Anzeige ist möglicherweise nicht aktuell</translation>
    </message>
    <message>
        <source>{source}: failing, never synced; what you see may be out of date</source>
        <translation>{source}: fehlerhaft, nie synchronisiert; die Anzeige ist möglicherweise nicht aktuell</translation>
    </message>
    <message>
        <source>{source}: never synced; what you see may be out of date</source>
        <translation>{source}: nie synchronisiert; die Anzeige ist möglicherweise nicht aktuell</translation>
    </message>
    <message>
        <source>{source}: last good sync {age}; what you see may be out of date</source>
        <translation>{source}: letzte erfolgreiche Synchronisierung {age}; die Anzeige ist möglicherweise nicht aktuell</translation>
    </message>
</context>
</TS>
