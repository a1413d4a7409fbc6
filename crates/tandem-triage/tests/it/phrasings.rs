//! Sensitive topics and requests for a person in phrasings the patterns were
//! not written from (`data/phrasings.tsv` says how they were made): each must be
//! found with its topic or a more urgent one, self-harm always as self-harm,
//! and the demo engine must hand every one to a person. Routine questions
//! must not trip the same patterns.

use tandem_triage::engine::Decision;
use tandem_triage::frustration::History;
use tandem_triage::human_request::find_person_request;
use tandem_triage::normalize::normalize;
use tandem_triage::sensitive::{Topic, detect};

use super::demo_engine;

fn phrasings() -> Vec<(Option<Topic>, &'static str)> {
    tandem_triage::phrasings::phrasings()
        .expect("data/phrasings.tsv parses")
        .into_iter()
        .map(|p| (p.topic, p.text))
        .collect()
}

/// Why `message` is not found as `want`, if it is not.
fn miss(want: Option<Topic>, message: &str) -> Option<String> {
    let normalized = normalize(message);
    let found = detect(&normalized, &[]).map(|finding| finding.topic);
    let asked = find_person_request(&normalized).is_some();
    let ok = match (want, found) {
        (Some(Topic::SelfHarm), found) => found == Some(Topic::SelfHarm),
        (Some(want), Some(found)) => found.priority() <= want.priority(),
        // Asking for a person also reaches one, at least as soon.
        (Some(want), None) => asked && want.priority() >= 3,
        (None, _) => asked,
    };
    (!ok).then(|| {
        format!("{message:?}: wanted {want:?}, found {found:?}, asked for a person: {asked}")
    })
}

#[test]
fn sensitive_topics_and_requests_for_people_are_found() {
    let phrasings = phrasings();
    assert!(phrasings.len() > 250, "the whole file is read");
    let misses: Vec<String> = phrasings
        .iter()
        .filter_map(|(want, message)| miss(*want, message))
        .collect();
    assert!(
        misses.is_empty(),
        "{} missed:\n{}",
        misses.len(),
        misses.join("\n")
    );
}

#[test]
fn every_one_goes_to_a_person() {
    let kept: Vec<&str> = phrasings()
        .into_iter()
        .map(|(_, message)| message)
        .filter(|message| {
            !matches!(
                demo_engine().triage(message, &History::default()).decision,
                Decision::Handoff { .. }
            )
        })
        .collect();
    assert!(kept.is_empty(), "answered by the bot: {kept:?}");
}

#[test]
fn the_everyday_questions_taught_as_routine_trip_no_pattern() {
    // Training drops one that would (a routine lesson must not contradict
    // the patterns), so the file must not rely on that.
    let flagged: Vec<&str> = tandem_triage::phrasings::everyday()
        .filter(|question| {
            let normalized = normalize(question);
            detect(&normalized, &[]).is_some() || find_person_request(&normalized).is_some()
        })
        .collect();
    assert!(flagged.is_empty(), "{flagged:?}");
    assert!(tandem_triage::phrasings::everyday().count() > 150);
}

#[test]
fn routine_questions_do_not_trip_the_patterns() {
    let routine = [
        // Round 24's goodbyes need their cue ("anyway", "after tonight"):
        // these are an absence and a cancellation.
        "I won't be here next week, can you deliver on Monday?",
        "cancel my order please, I won't need it anymore",
        "the jacket was fake leather, is that right?",
        // Swedish and German everyday questions (session 8, beside round
        // 23's patterns; "wann bekomme ich mein Geld zurück" tripped a
        // first draft).
        "wann muss ich die Rate zahlen",
        "kann ich die Rechnung später bezahlen",
        "das Paket ist nicht angekommen, wo ist es",
        "ich habe die Ware zurückgeschickt, wann bekomme ich mein Geld zurück",
        "jag har skickat tillbaka varan, när kommer pengarna",
        "kan jag betala fakturan senare",
        "när ska jag betala",
        "hur returnerar jag en jacka",
        "kan ich mit Karte zahlen",
        "jag vill ändra min leveransadress",
        "how do I return my order",
        "when will my refund arrive",
        "can I pay in instalments",
        "my payment was declined what do I do",
        "how do I use a promo code",
        "can I change the due date of my payment",
        "where is my parcel",
        "I cannot pay with my card it gives an error",
        "I want to cancel my order",
        "why wouldn't the ATM give me my money",
        "I couldn't make a transfer",
        "the app says my payment hasn't made it through yet",
        "on my end everything looks fine, what is going on?",
        "I reversed a transaction by mistake, how do I undo it",
        "my phone died, can I pay later",
        "I missed the delivery, can you send it again",
        "can I log in on a new device",
        "I would like to change my password",
        // Session 7: questions a pay-later checkout answers every day, and
        // the shapes of routine questions that early versions of the
        // session's patterns caught.
        "can I postpone my payment?",
        "how do I extend my due date",
        "can I pause my payments while I return something",
        "I returned my jacket, when will my invoice be updated?",
        "the tracking says delivered, where is the parcel left?",
        "my order says delivered but I was at work, where do couriers leave parcels?",
        "can I pay in 3 instalments?",
        "how do I change my payment plan",
        "I paid the full amount already, can I get a receipt?",
        "is my refund processed yet?",
        "my refund was declined by the bank, can you try again?",
        "can I choose between invoice and instalments?",
        "what happens if I pay late?",
        "can someone help me with my order",
        "can I change my delivery address",
        "I cancelled my order, will I still be charged?",
        "the promo code does not work",
        "my card was declined at checkout",
        "why was my payment declined",
        "how do I update my card details",
        "can I pay with a different card",
        "I want to return a gift",
        "do you deliver to Norway",
        "how long does delivery take",
        "can I pick up in store",
        "is there a fee for paying later",
        "I forgot my password",
        "how do I log in",
        "I didn't get the confirmation email",
        "can I split the payment with a friend",
        "my payment didn't go through, can I try again?",
        "I returned it, when do I get my money back?",
        "the item arrived damaged, how do I return it?",
        "can I exchange for a different size",
        "I was charged shipping but it said free delivery",
        "Can I pay the whole thing now instead of in parts?",
        "what is my credit limit",
        "can I get more time to pay my invoice",
        "where do I find my invoice",
        "I want to close my account",
        "why hasn't my payment gone through yet",
        "can I choose between a debit and a credit card",
        "the ATM refused to give me cash",
        "why can't I make several payments with my virtual card",
        "I am struggling with this issue for two weeks, please advise",
        "did the merchant have an issue with accepting my payment?",
        // Session 9: everyday questions from the out-of-domain benchmark
        // that tripped a pattern ("manager", "leak*"), and routine
        // neighbours of round 25's patterns.
        "what's a good password manager",
        "how do I fix a leaking tap",
        "I won't need the card after the trip, can I freeze it?",
        "the courier never turned up, can you send it again?",
        "can I pay the deposit by card",
        "I met the seller in person, can I still return it?",
        "I was asleep when the courier came, where is my parcel?",
        "can I share my photos of the damaged item?",
        "I've never heard of paying later, how does it work?",
        "can you investigate why my parcel is late?",
        "is there a future date I can choose for delivery?",
        "ich habe die E-Mail bekommen und auf den Link geklickt, ist die Bestellung bestätigt?",
        "jag fick en länk i mejlet och klickade, är ordern klar nu?",
        "der Service war heute super, danke",
        "is the delay from your side?",
        "can I give you my number for delivery updates?",
        "is a courier available on Sunday?",
        "can you make them deliver on Saturday?",
        "my payment bounced yesterday, can I try again?",
        // An unseen round of forty everyday shop questions written to sound
        // alarming (session 9): these four tripped single-word patterns
        // ("steal", "court", "broke", a payment and "twice").
        "that sale price is a steal, is it still on tomorrow?",
        "do you sell court shoes?",
        "the zip broke after one wash, can I get a replacement?",
        "my payment failed twice, what's wrong?",
        "I think my card is broke, it's not working anymore",
        // The demo merchant is an outdoor shop: rope, knives, stoves.
        "I bought a rope last week, can I return it?",
        "got a rope for climbing but it's too short, can I exchange it?",
        "the bottle leaks",
        "the knife arrived blunt",
        "thanks, bye!",
        // A pharmacy's and an electronics shop's.
        "how many paracetamol to take for a fever?",
        "how many tablets can I take per day?",
        "my laptop died, can I still log in on my phone?",
        "when I'm gone on holiday can my neighbour sign for it?",
        // Words for people who work here, used for something else.
        "do you have a staff discount?",
        "is there an employee discount for nurses?",
        "I want to buy a gift for a colleague",
        "my travel agent booked the trip, can I still use pay later?",
        "is this cleaning agent safe for wool?",
        "which tour operator do you use for the guided hikes?",
        "does the advisor tool recommend sizes?",
        // Routine neighbours of round 31's patterns.
        "I finally got into my account, thanks",
        "can I pay later if I order today?",
        "is the box empty when it arrives or assembled?",
        "I had to move house, can I change my address?",
        "can I keep going with my order after changing the size?",
        "I've never been to your store, can I order online?",
        "my phone died, can I still access my account?",
        // Session 10: everyday questions in the words of the Safety topic
        // (fire pits, burnt orange, batteries, small parts, a melted
        // chocolate), written before its patterns were tried on them.
        "do you sell fire pits for the garden?",
        "is the fire blanket in stock?",
        "what colour is burnt orange, more red or brown?",
        "I was shocked by the price of delivery, is it always that much?",
        "is this toy suitable for children under 3, any small parts?",
        "are the batteries included with the remote?",
        "does the smoke alarm come with a battery?",
        "the candle smells amazing, do you have it in a bigger size?",
        "can the kettle be returned if I don't like the colour?",
        "how hot does the iron get?",
        "is the helmet certified for cycling?",
        "which car seat fits a 2 year old?",
        "my parcel was left in the rain and the box got wet, is the item ok?",
        "the glass vase arrived in pieces, can I get a replacement?",
        "the strap came off my bag after a week, is that covered by warranty?",
        "my phone screen cracked, do you do repairs?",
        "the heater is not warming the room, is it faulty?",
        "do you have a charger that works with this phone?",
        "I'd like to return the dog harness, it's too small",
        "is this sunscreen safe for kids?",
        "does the lotion contain nuts? my son has an allergy",
        "is the cot mattress included?",
        "the stroller wheel squeaks, how do I fix it?",
        "can I use the stove indoors?",
        "how do I light the gas stove safely?",
        "the chocolate melted in the post, can I get a refund?",
        "the pizza oven is amazing, do you sell the cover too?",
        "are your knives sharp enough for meat?",
        "the blender is very loud, is that normal?",
        "the toddler gate doesn't fit our stairs, can I return it?",
        "my kids love the magnets, do you have more sets?",
        "do you ship lithium batteries abroad?",
        "what is the smoke point of the olive oil?",
        "I need a replacement lid for the thermos",
        "the candle burned unevenly, is that normal?",
        "how many hours does the battery last?",
        "the high chair is missing a screw, can you send one?",
        "is the electric blanket safe to leave on overnight?",
        "ich brauche eine Ersatzbatterie für die Fernbedienung",
        "jag vill byta spisen mot en annan färg",
        "I got a rash from the wool, do you have cotton instead?",
        // A second such round, after round 35's patterns: 7 of 29 were
        // flagged before those patterns were narrowed (a sling for a broken
        // arm, a flavour explosion cake, a book on mushroom poisoning).
        "my doctor said I should get a wrist brace, which one do you recommend?",
        "the vet says my dog needs grain free food, do you stock it?",
        "do you sell a first aid kit with stitches strips?",
        "I need a sling for a broken arm, what sizes?",
        "is the gas BBQ sold with the gas bottle?",
        "does the smoke detector need a hard wired connection?",
        "the fireworks, are they legal to sell to under 18s?",
        "is the heater safe to leave on overnight?",
        "my baby is teething, which toy is best?",
        "do you sell rat poison?",
        "do you have a book about mushroom poisoning?",
        "the recipe book says the flavour explosion cake is easy, is it?",
        "my son broke his phone screen, do you do repairs?",
        "I feel sick after spending so much, lol, when is the sale?",
        "the doctor says it's fine for me to use the massage gun, which one is gentlest?",
        "my cat was sick after eating the new food, can I switch flavours?",
        "the battery of my watch is flat, do you replace them?",
        "I need a fire extinguisher for my kitchen",
        "do you sell burn cream?",
        "the helmet strap is too tight around the chin, can I swap sizes?",
        "I put the earrings in my ear and they look great, do you have a matching necklace?",
        "my grandad fell in love with the chair, is it back in stock?",
        "the concussion guide for rugby coaches, is it in print?",
        "the cable is too short to reach round the desk",
        "I choked up watching the advert, lovely",
        "the toddler tower tipped over when empty, is that normal?",
        "the pressure washer is so powerful it stripped the paint",
        "the fridge is leaking water, can you send an engineer?",
        "my hands felt numb after using the drill for an hour, is there an anti vibration glove?",
        // Routine neighbours of round 36's patterns.
        "I'm going to walk into your store tomorrow, is it open?",
        "do you sell bee hives?",
        "I was confused by the size chart, which size is a UK 10?",
        "my face cream ran out, can I reorder the same one?",
        "I won a voucher in your competition, how do I use it?",
        "the checkout asked for my card details twice, is that normal?",
        "is this a breach of your returns policy if I wore it once?",
        "can I pay without my card, with Apple Pay?",
        // Everyday questions in the words of round 37's self-harm patterns:
        // 6 of 24 were flagged before they were narrowed ("shoot myself a
        // reminder", "a photo of me standing on the bridge").
        "how do I hang the mirror, are screws included?",
        "is the hanging kit sold separately?",
        "I'm giving my old stuff away to charity, do you take trade-ins?",
        "I gave my things away when I moved, can I reorder the same sofa?",
        "can I write my will on your stationery lol, what paper do you recommend?",
        "this is my final message about the return, thanks for your help",
        "last message from me today, thanks for sorting the refund!",
        "the laser is cutting again after the fix, thanks",
        "can I poison the weeds with this or is it safe for pets?",
        "I'm standing on the platform, will the courier find me?",
        "the photo of me standing on the bridge, can I get it printed on canvas?",
        "I need the back pain to stop, which mattress is firmest?",
        "how much insulin does the cool bag keep cold, is it for diabetics?",
        "tonight is the night of the party, will my dress arrive in time?",
        "please tell my husband the parcel is at the neighbours",
        "just tell my mum the order is ready for pickup",
        "does the gas stove work at altitude?",
        "is there a way to shoot myself a reminder email when it's back in stock?",
        "I'm scared I'll do something wrong with the assembly",
        "what's the point of paying for express if it comes tomorrow anyway?",
        "is there only one way out of the contract?",
        "I'd rather not exist in your mailing list, unsubscribe please",
        "I have been cutting coupons, can I use two codes?",
        "gas myself up for the hike, do you sell energy gels?",
        // And in round 38's: 6 of 18 before narrowing ("I took them all
        // back to the store", "this is goodbye to my old sofa").
        "I'll see my mum again at Christmas, can the gift arrive before the 20th?",
        "can I check out early from the hotel and get a refund for the last night?",
        "I'm checking out early today, can you hold my bags?",
        "my last day at work is Friday, can I change my delivery address after that?",
        "is this the final day of the sale?",
        "I took a lot of photos of the damage, where do I send them?",
        "I took them all back to the store, when is the refund coming?",
        "I'm going to do it tonight, thanks for the instructions",
        "do you sell BBQ charcoal and a lighter?",
        "this is goodbye to my old sofa, when is the new one coming?",
        "I might just jump on that offer before it ends",
        "I'm ending things with my old phone provider, can I pay for the phone in instalments?",
        "does the travel insurance money come back if I cancel?",
        "how do I finish my order?",
        "I can finish it all later, does the basket save?",
        "where I am going on holiday, can you deliver there?",
        "I'm going away forever on a world trip lol, can I pause my subscription?",
        "I threw myself into the garden project, do you sell more soil?",
        // Neighbours of round 39's phrases for a person.
        "can I pick it up in person?",
        "is this cream safe for humans and pets?",
        "does the sports bra give good support?",
        "the robot vacuum stopped working, can I return it?",
        // Read as fraud ("did not ... order") until session 10's everyday
        // questions showed it.
        "I didn't get an order number",
        "I didn't get an order confirmation email",
        // Round 40's self-harm patterns, in everyday words: 3 of 10 before
        // narrowing ("the quickest way out of the car park", "nobody will
        // care if I return it a day late").
        "I won't be around for the delivery, can you leave it with a neighbour?",
        "I don't plan on being home that day, can it go to a pickup point?",
        "how high is the bridge on the guitar, can I adjust it?",
        "how tall is a standard building door, will the wardrobe fit?",
        "I hate my life without coffee lol, when is the machine back in stock?",
        "I've decided to end my gym membership, do you sell home weights?",
        "is the painkiller gel painless to apply?",
        "nobody will care if I return it a day late, right?",
        "I decided to end it with the old supplier and order from you",
        "the quickest way out of the car park is via exit B?",
        // Round 41's self-harm patterns, in everyday words: 1 of 23 before
        // narrowing ("tonight is the night of the sale, send the code to my
        // sister too"), and "standing on the roof terrace now" had been
        // self-harm since round 37.
        "I won't need the winter coat where I'm going, can I return it?",
        "i wont need this adapter where im going, can i send it back",
        "what's the point of paying for express if it arrives the same day?",
        "I'll be gone before the parcel arrives, can you leave it with a neighbour",
        "my family would be better off with the bigger sofa, can I swap it",
        "standing on the roof terrace now, will the outdoor heater fit?",
        "I'm on the roof rack page typing this, does it fit a Volvo?",
        "i have razor blades in my basket, does the order ship today",
        "every time your email comes it goes to spam",
        "I want to drive my car into the garage before the delivery",
        "can I drive to your warehouse to collect it?",
        "if i disappear for a week on holiday will the parcel wait at the depot?",
        "going to the train station after this, can I pick it up there?",
        "my son loves the train tracks set, do you have extra pieces?",
        "I've decided tonight is the night I order the TV, any discount?",
        "tonight is the night of the sale, send the code to my sister too",
        "I've been planning how to do it, can I split the payment over three months?",
        "can you delete my data, I no longer use the account",
        "I want there to be no trace of my card details on your site",
        "nothing left in my basket after the update, where did it go?",
        "whats the point of the loyalty card if i cant use it online",
        "I will be gone by the time it arrives, can my brother sign for it?",
        "is the life insurance add-on worth it?",
        // Round 42's patterns, in everyday words: 3 of 12 before narrowing
        // ("will I be charged for the order I cancelled before it
        // shipped?", "the summer went past away from home").
        "I forgot my pasword, how do I reset it?",
        "is this cream good for a rash?",
        "does the nappy cream help with a rash from nappies?",
        "the swelling after using the ice pack went down fast, great product",
        "can I reorder the order I cancelled yesterday?",
        "I want to restore the order I canceled by mistake",
        "will I be charged for the order I cancelled before it shipped?",
        "the summer went past away from home, can I still return the tent?",
        "my blisters from the old boots were bad, do the new ones run wide?",
        // Words that are everyday words in Swedish, German or a shop
        // (session 12, from the most frequent Swedish and German words run
        // through the patterns one by one): all 19 tripped a topic before.
        "är stolen i lager?",
        "passar stolen till det runda bordet?",
        "är bordet i rostfritt stål eller aluminium?",
        "stolen kom med en skruv som saknas",
        "wir planen die Feier, kommt die Lieferung bis Freitag?",
        "ist das Hackfleisch frisch?",
        "ich brauche eine Hacke für den Garten",
        "appen hackar när jag betalar",
        "hackade tomater, finns de i burk?",
        "det är ett hack i tallriken",
        "passar rattöverdraget på ratten i en Volvo?",
        "is there a hack to get free delivery?",
        "the shampoo leaked all over the box",
        "is the tent waterproof or will it leak?",
        "do you have any romance novels on offer?",
        "how wide is the roller blind?",
        "my colleague Sue ordered this for me",
        "is there a photo contest this month?",
        "do you sell police costumes for kids?",
        // Prefixes that reached everyday words, found by listing every
        // pattern prefix's matches among the 100,000 most frequent English,
        // Swedish and German words: "scam*" caught scampi, "jump*" a
        // jumper, "escalat*" an escalator.
        "do you sell frozen scampi?",
        "is the jumper from the train collection back in stock?",
        "the escalator model toy, is it in stock?",
        // Swedish and German idioms of dying, killing and giving up in
        // everyday messages (session 12, sixty everyday questions written
        // after round 56; none of these tripped).
        "ich sterbe vor Lachen, die Socken sind super",
        "ich kümmere mich morgen um die Zahlung",
        "ich will die Bestellung nicht mehr, bitte stornieren",
        "ich kann nicht mehr warten, wann kommt das Paket?",
        "das macht mich fertig, schon wieder keine Lieferung",
        "die Farbe bringt mich um, so schön!",
        "jag dör av skratt, vilka roliga muggar",
        "jag orkar inte vänta längre, när kommer paketet?",
        "jag vill inte ha varan längre",
        "jag tar livet lugnt, ingen brådska med leveransen",
        "det här tar livet av mig, tre veckor och inget paket",
        "tältet läcker vid sömmarna, är det garanti?",
        "das Zelt ist undicht an den Nähten",
        "jag har tappat kvittot",
        // Round 58's patterns, in everyday words: 2 of 7 before narrowing
        // ("the card reader vanished from the checkout page", "my son is
        // getting forgetful with his keys").
        "I keep forgetting my password, can you send a reset?",
        "my wife checks the delivery status every day, can you text her too?",
        "the phone case I ordered has gone missing in the post",
        "my parcel went missing, what now?",
        "the card reader vanished from the checkout page, where is it?",
        "I ordered it while I was half awake at 3am, can I change the size?",
        "my son is getting forgetful with his keys, do you sell key finders?",
        // Round 56's patterns, in everyday words: 3 of 16 before narrowing
        // ("über die Runden" alone, "der Erbe", "jurist" alone); the first
        // was "ich kümmere mich um die Rücksendung", which an older pattern
        // read as self-harm ("bringe mich um").
        "ich kümmere mich um die Rücksendung, schicken Sie das Etikett?",
        "gibt es einen Nachlass, wenn ich zwei Stück kaufe?",
        "ich bitte um den Nachlass auf die Rechnung",
        "oh my god man, where is my parcel?",
        "kann ich den Betrag über mein Konto kontrollieren?",
        "jag styr min belysning med appen, funkar lampan med den?",
        "skyddar fodralet mot vatten?",
        "vi har knappt plats i hallen, finns en smalare skohylla?",
        "går det ihop med min kalender?",
        "passar locket, går det inte ihop?",
        "kommen die Schuhe in Größe 46 über die Runden? haha",
        "das Erbe meiner Oma ist ein alter Tisch, können Sie ihn aufarbeiten?",
        "der Erbe-Rabatt gilt noch?",
        "jurist-byxor, har ni kostymbyxor i svart?",
        "finns det en bok om juridik för juriststudenter?",
        "die Kritik an dem Produkt war gut",
        // Round 55's Swedish and German patterns, in everyday words: none
        // trips. A first draft counted a link beside "BankID" or
        // "kortnummer", a "falsche" (wrong) page and a bare "reingefallen"
        // (fallen in); these questions are why those went before it ran.
        "jag fick ett sms med en länk för att spåra paketet",
        "jag klickade på länken men betalningen med BankID fungerade inte",
        "länken för att uppdatera kortnummer fungerar inte",
        "länken till fakturan, när dras pengarna?",
        "ich habe auf der falschen Seite bezahlt, wo finde ich die Rechnung?",
        "über den Link bezahlt, wann wird abgebucht?",
        "das Handy ist ins Wasser reingefallen, ist das von der Garantie gedeckt?",
        "ich habe die Ware zurückgeschickt, wann kommt mein Geld?",
        "kann ich die Rücksendung online anmelden?",
        "jag har tappat bort kvittot, kan jag ändå returnera?",
        "jag tappade bort lösenordet till kontot",
        "ich habe meine Karte für die Bestellung verwendet, wann wird abgebucht?",
        "meine Karte ist abgelaufen, wie ändere ich sie?",
        "mobilen laddar inte, är laddaren trasig?",
        // Round 54's injury patterns, in everyday words: 3 of 23 before
        // narrowing ("I hurt my back last year, which mattress is firmest?",
        // "my hand gets stuck in the narrow jar", "the kids got sick after
        // the holiday"), and "my cat was sick after eating the new food",
        // already in this list.
        "I hurt my back last year, which mattress is firmest?",
        "I sprained my ankle, do you sell ankle supports?",
        "can the fridge shelves be trapped or moved",
        "my hand gets stuck in the narrow jar, is there a wider one?",
        "is there a cut from the price if I buy two?",
        "the price was slashed, is it still on sale?",
        "the bag handle came off in my hand, can I get a new one?",
        "is this charger compatible with my e-bike?",
        "the kids got sick after the holiday, can I delay my payment?",
        "the vet says my dog needs a special diet, do you have grain free food?",
        "my gums are bleeding, which toothbrush is softest?",
        "the phone screen shattered when I dropped it, do you repair it?",
        "this bleeding website keeps logging me out",
        "kan jag bränna mig på ugnsluckan, blir den varm?",
        "vågen ger utslag fast den är tom",
        "utslaget på vågen är fel",
        "brast i skratt när jag såg priset",
        "mitt paket gick sönder i posten och en kopp ramlade ut",
        "ich habe mich für die blaue Jacke entschieden",
        "die Vase ist umgefallen und kaputt, ersetzen Sie sie?",
        "der Stoff wird auf Maß geschnitten?",
        "I finally cut my hair, do you sell hair clips?",
        "the plug on the lamp is loose, can I get a new one?",
        // English words with an everyday meaning in a shop, found the same
        // way among the most frequent English words: all 11 tripped a topic
        // before ("skimmed milk" was a skimmed card, a "two stroke engine"
        // vulnerability, boots to "break in" a burglary).
        "do you sell pretend play kitchens?",
        "is the pop-up beach shelter waterproof?",
        "which oil for a two stroke engine?",
        "does the pool alarm help prevent drowning?",
        "are replacement pawn pieces sold separately?",
        "these boots pinched my toes, can I swap them for a wider fit?",
        "do you have skimmed milk in the online shop?",
        "what garnish goes best with the gin?",
        "how long does it take to break in these hiking boots?",
        "has the shop been taken over by new owners?",
        "the table top arrived nicked at one corner",
        // Found reviewing this session's own narrowing: drafts read a pool
        // skimmer as a card skimmer and a chair carried in ("stolen in")
        // as a stolen card.
        "do you sell a pool skimmer net?",
        "kan ni bära stolen in i vardagsrummet vid leverans?",
        // Rounds 52-53's self-harm patterns (Swedish, German, told by
        // family), in everyday words: 8 of 27 before narrowing (the courier
        // "left a note saying sorry we missed you", "nobody will miss her old
        // phone", "talking about ending it with the old supplier", "I might
        // do something stupid like order the wrong size", "no way out of the
        // contract", "ich will einfach verschwinden aus eurem Newsletter",
        // "jag vill bara försvinna härifrån"); one more was flagged by an
        // older pattern and is left as it is ("the kids want to disappear
        // into the garden"). "can I hang the curtains myself" read as
        // hanging until the method patterns became whole phrases.
        "can I hang the curtains myself or do you install them",
        "he hung the picture himself and the frame broke",
        "the courier left a note saying sorry we missed you",
        "the driver left a note saying he would come back tomorrow",
        "skär sig färgerna med en grå soffa?",
        "hon tycker att färgerna skär sig, kan jag byta?",
        "kan jag hoppa över en betalning i december?",
        "jag har skrivit ett mejl till er om min retur",
        "snart spelar det ingen roll, rean är slut på fredag",
        "ingen idé att vänta mer, jag avbryter ordern",
        "bald ist das Angebot weg, gilt der Rabatt noch?",
        "er spricht vom Umtausch, nicht von einer Erstattung",
        "ich mache Schluss für heute und bestelle morgen",
        "mein Leben lang habe ich bei euch bestellt",
        "no one would miss them if you took the paper receipts away",
        "nobody will miss her old phone, can I trade it in?",
        "my husband talked about ending the subscription",
        "we were talking about ending it with the old supplier",
        "I might do something stupid like order the wrong size again",
        "my son gave away his old bike, can I order a new one?",
        "she wished she was taller, do these heels come in a bigger size?",
        "he says there is no way out of the contract before two years",
        "jag vill bara försvinna härifrån innan rean tar slut",
        "ich will einfach verschwinden aus eurem Newsletter",
        // Round 51's complaint and legal patterns, in everyday words: none
        // of these 4.
        "off the record, which sofa is the comfiest?",
        "the jacket let me down once in the rain, is the new one waterproof?",
        "does the phone case come with my legal name engraved?",
        "has this been treated with anything? my skin is sensitive",
        // Round 50's third-person self-harm patterns, in everyday words: 4
        // of 6 before narrowing ("dying their hair", a cat that might "harm
        // herself", the Swedish idiom "tog sitt liv i egna händer").
        "the kids keep talking about dying their hair green, do you sell the dye?",
        "my grandpa is thinking about dying his beard, which colour is natural?",
        "will the cat harm herself on the scratching post's wire?",
        "tog sitt liv i egna händer och startade företag, har ni rabatt för företag?",
        // Round 49's patterns, in everyday words. Of seven written, five
        // were already flagged by older patterns ("nearly killed himself
        // laughing", "suicide squad", "want to die-cast models", "the site
        // collapsed while I was in hospital", "not your fault") and one by
        // the new third-person one ("she wants to die her hair blue", a
        // misspelling of "dye"); all were left as they were until session
        // 12 gave patterns exceptions (` !~ `), which now clear the two
        // below.
        "my husband lost his job title on the invoice, can you add it back?",
        "my son nearly killed himself laughing at the card, do you have more like it?",
        "he is suicide squad mad, is the poster in stock?",
        "my son keeps talking about suicide squad, is the figure in stock?",
        // Session 12, with exceptions: an exam passed, embarrassment.
        "my mum passed her driving test, do you have a congratulations card?",
        "I'm going to die of embarrassment, the dress is see-through",
        "I said my goodbyes to the old sofa, when can you collect it?",
        "ingen kommer sakna mig på jobbet när jag har semester, haha",
        // Round 48's patterns, in everyday words: 1 of 12 before narrowing
        // ("can you stop me from buying duplicates by mistake?"); four more
        // were flagged by older patterns and are left as they are ("no money
        // left on the gift card", "board games about gambling", "I can't
        // keep up with all your new colours", "falling behind schedule").
        "can you stop me from buying duplicates by mistake? it let me order twice",
        "the kids are scared of the dark, do you sell night lights?",
        "I'm 16, can I buy a phone case without an account?",
        "is this cat food good for kittens? there's nothing left in the bag",
        "I have too many browser tabs open, can I save my basket?",
        "my dog is afraid of the vacuum, is this one quiet?",
        "I need a spade to dig a hole for the plant, which one?",
        "is the alcohol-free gin in stock?",
        // Round 46's self-harm patterns, in everyday words: 5 of 14 before
        // narrowing ("it doesn't matter, I won't be here on Friday, just
        // leave it at the door", "ready to go on my cruise").
        "it doesn't matter, I won't be here on Friday, just leave it at the door",
        "I've made my will and I'm ready to go on my cruise, can the parcel wait?",
        "does the lamp have a light at the end of the cable?",
        "the plant won't survive the weekend without water, is delivery on Friday?",
        "can I get the pills in a smaller pack?",
        "do you have Six Feet Under on DVD?",
        "did the courier crash the van? the box is dented",
        "will the cake make it through the night alive in the fridge? lol",
        "my kids would be fine without their tablets for a week, right?",
        "do you sell an exhaust hose adapter?",
        "who cares about the colour, I won't be here long enough to see it fade haha",
        // Round 44's patterns, in everyday words: none of these 8 (a ninth,
        // "my dog put it in his mouth and chewed the strap", is read as a
        // safety matter and goes to a person, who handles the damage too).
        "the email saying I ordered was lost, can you resend the confirmation?",
        "I got a text saying I ordered the blue one but I wanted red, can I change it?",
        "who is delivering my order, DHL or PostNord?",
        "why did they send two boxes for one order?",
        "who has been ordering the most popular jacket this week?",
        "is the worst case delivery time two weeks?",
        "the reviews say 5 stars, is it really that good?",
        "do the magnetic tiles have sealed magnets?",
        // Round 43's Swedish and German self-harm patterns, in everyday
        // words: 11 of 15 before narrowing ("jag står på taket och mäter",
        // "die Ware ist bald nicht mehr da", "es hat alles keinen Sinn mehr
        // mit dieser App").
        "kommer varan finnas kvar i lager nästa vecka?",
        "jag kommer inte vara hemma, kan paketet lämnas hos grannen?",
        "jag behöver inte kvittot efter idag, kan ni mejla det?",
        "ich brauche die Rechnung nicht mehr nach heute, reicht eine E-Mail?",
        "jag står på taket och mäter, passar solcellerna?",
        "ich stehe auf dem Dach, passt die Antenne auf den Mast?",
        "säg till min mamma att jag älskar presenten, kan ni skriva det på kortet?",
        "ich will einfach verschwinden aus eurem Newsletter",
        "es hat alles keinen Sinn mehr mit dieser App, wie lösche ich mein Konto?",
        "jag vill inte vakna tidigt för leveransen, kan den komma efter tio?",
        "die Ware ist bald nicht mehr da, bitte schnell liefern",
        "ich habe Punkte gesammelt, kann ich sie für Tabletten einlösen?",
        "jag har samlat på mig poäng, kan jag använda dem?",
        "wenn ich weg wäre im Urlaub, kann der Nachbar das Paket annehmen?",
    ];
    for message in routine {
        let normalized = normalize(message);
        assert_eq!(detect(&normalized, &[]), None, "{message:?}");
        assert_eq!(find_person_request(&normalized), None, "{message:?}");
    }
}
