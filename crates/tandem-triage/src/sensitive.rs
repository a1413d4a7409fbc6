//! Sensitive topics: messages a bot must not answer, whatever the
//! classifier thinks, because a mistake costs a person money, safety or
//! dignity. Each topic has a priority; self-harm is the highest.
//!
//! Topics are recognised with phrase patterns ([`crate::pattern`]) in
//! English, Swedish and German over normalised text, so "I never authorised
//! this", "someone used my card" and "this charge isn't mine" all count as
//! fraud, not only the word "fraud". A merchant adds phrases of their own in
//! the knowledge base's policy section.

use std::sync::OnceLock;

use serde::Serialize;

use crate::pattern::PatternSet;

/// Why a message is sensitive. Ordered by urgency: lower sorts first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    /// Thoughts of suicide or self-harm.
    SelfHarm,
    /// Someone was hurt, or a product is a danger: fire, burns, electric
    /// shock, a child who swallowed a part, food that made people ill.
    Safety,
    /// Fraud or charges the shopper does not recognise.
    Fraud,
    /// A stolen or compromised card or account.
    StolenOrCompromised,
    /// A dispute or chargeback.
    Dispute,
    /// Vulnerability: illness, disability, abuse, coercion.
    Vulnerability,
    /// Financial hardship or debt.
    FinancialHardship,
    /// A death in the family.
    Bereavement,
    /// Legal action or a regulator.
    LegalThreat,
    /// A complaint.
    Complaint,
    /// A phrase the merchant listed in the knowledge base's policy.
    MerchantPhrase,
}

impl Topic {
    /// Queue priority: 0 is served first.
    pub fn priority(self) -> u8 {
        match self {
            Topic::SelfHarm => 0,
            Topic::Safety | Topic::Fraud | Topic::StolenOrCompromised | Topic::Dispute => 1,
            Topic::Vulnerability | Topic::FinancialHardship | Topic::Bereavement => 2,
            Topic::LegalThreat | Topic::Complaint | Topic::MerchantPhrase => 3,
        }
    }

    /// Every topic the built-in patterns and phrasings cover (not
    /// [`Topic::MerchantPhrase`]), in the order a compiled bundle numbers
    /// them: a new topic goes at the end, so bundles compiled before it
    /// keep their meaning.
    pub const BUILT_IN: [Topic; 10] = [
        Topic::SelfHarm,
        Topic::Fraud,
        Topic::StolenOrCompromised,
        Topic::Dispute,
        Topic::Vulnerability,
        Topic::FinancialHardship,
        Topic::Bereavement,
        Topic::LegalThreat,
        Topic::Complaint,
        Topic::Safety,
    ];

    /// The topic's name as `data/phrasings.tsv` writes it (`SelfHarm`).
    pub fn from_name(name: &str) -> Option<Topic> {
        Some(match name {
            "SelfHarm" => Topic::SelfHarm,
            "Fraud" => Topic::Fraud,
            "StolenOrCompromised" => Topic::StolenOrCompromised,
            "Dispute" => Topic::Dispute,
            "Vulnerability" => Topic::Vulnerability,
            "FinancialHardship" => Topic::FinancialHardship,
            "Bereavement" => Topic::Bereavement,
            "LegalThreat" => Topic::LegalThreat,
            "Complaint" => Topic::Complaint,
            "Safety" => Topic::Safety,
            _ => return None,
        })
    }

    /// A stable snake-case id, as the wire format writes the topic.
    pub fn id(self) -> &'static str {
        match self {
            Topic::SelfHarm => "self_harm",
            Topic::Fraud => "fraud",
            Topic::StolenOrCompromised => "stolen_or_compromised",
            Topic::Dispute => "dispute",
            Topic::Vulnerability => "vulnerability",
            Topic::FinancialHardship => "financial_hardship",
            Topic::Bereavement => "bereavement",
            Topic::LegalThreat => "legal_threat",
            Topic::Complaint => "complaint",
            Topic::Safety => "safety",
            Topic::MerchantPhrase => "merchant_phrase",
        }
    }

    /// The topic whose [`Topic::id`] is `id`.
    pub fn from_id(id: &str) -> Option<Topic> {
        Topic::BUILT_IN
            .into_iter()
            .chain([Topic::MerchantPhrase])
            .find(|topic| topic.id() == id)
    }

    /// A short reason for the agent's handoff card.
    pub fn label(self) -> &'static str {
        match self {
            Topic::SelfHarm => "possible self-harm",
            Topic::Fraud => "fraud or unrecognised charge",
            Topic::StolenOrCompromised => "stolen or compromised card or account",
            Topic::Dispute => "dispute or chargeback",
            Topic::Vulnerability => "vulnerable customer",
            Topic::FinancialHardship => "financial hardship",
            Topic::Bereavement => "bereavement",
            Topic::LegalThreat => "legal threat",
            Topic::Complaint => "complaint",
            Topic::Safety => "injury or product safety",
            Topic::MerchantPhrase => "merchant-defined sensitive phrase",
        }
    }
}

// Patterns are written as normalisation leaves the text, which is
// language-blind: "he'll" arrives as "hell", and German "im" (in the) as
// "i am" (the English shorthand), so German patterns spell "i am
// krankenhaus" beside "im krankenhaus".
const PATTERNS: &[(Topic, &str)] = &[
    // Self-harm.
    (
        Topic::SelfHarm,
        "do not know if i can keep going|dont know if i can keep going|not sure i can keep going|not sure if i can keep going",
    ),
    // Round 31: the internet's words for it.
    (
        Topic::SelfHarm,
        "sewerslide|sewer slide|ctb|unalive myself|unalive me",
    ),
    (
        Topic::SelfHarm,
        "goodbye everyone|goodbye world|goodbye all|farewell everyone|farewell all|no reason to keep going|no reason to go on|no reason to live|nothing to live for|nothing to keep going for",
    ),
    // Round 28 (Swedish and German).
    (
        Topic::SelfHarm,
        "battre utan mig|besser ohne mich|besser dran ohne mich|tabletten gesammelt|tabletten gehortet|samlat tabletter|sparat tabletter",
    ),
    // Round 27: ending "things", no future.
    (
        Topic::SelfHarm,
        "decided to end things|going to end things|gonna end things|want to end things|time to end things|end things tonight|end things today",
    ),
    (
        Topic::SelfHarm,
        "do not see a future|dont see a future|cannot see a future|can not see a future|cant see a future|see no future ~ for myself|for me|anymore|any more",
    ),
    (Topic::SelfHarm, "no future for me|no future for myself"),
    // Round 26: asking what dose would be enough, and not being a burden
    // "after". Not "how many tablets to take": a pharmacy is asked that.
    (
        Topic::SelfHarm,
        "how many tablets|how many pills|how many paracetamol|how much paracetamol|how many sleeping pills ~ it takes|would it take|would kill|to kill|to die|is lethal|is fatal|to overdose",
    ),
    (
        Topic::SelfHarm,
        "will not be a problem|wont be a problem|will not be a burden|wont be a burden ~ for anyone|to anyone|for anybody|to anybody|much longer|after",
    ),
    // Round 25: a farewell folded into a routine request.
    (
        Topic::SelfHarm,
        "will not be needing|wont be needing|will not need|wont need|no longer need ~ after tonight|after today|after this weekend|after the weekend",
    ),
    (
        Topic::SelfHarm,
        "for when i am gone|after i am gone|once i am gone|when i am gone and|when i am no longer here|once i am no longer here",
    ),
    (
        Topic::SelfHarm,
        "suicid*|selfharm*|self harm*|overdos*|selbstmord*|suizid*|sjalvmord* !~ squad",
    ),
    (
        Topic::SelfHarm,
        "kill*|hurt*|harm*|cut|cutting|end|ending ~ myself|my self|my life|my own life|it all",
    ),
    (
        Topic::SelfHarm,
        "want|going|gonna|wanna|wish|rather|ready|plan|plans|planned|planning|might as well ~ to die|die|to end it|end it|to be dead|be dead|to disappear !~ laughing|of embarrassment|of boredom|of shame",
    ),
    (
        Topic::SelfHarm,
        "do not|dont|no longer ~ want to live|want to be alive|want to be here|wanna live",
    ),
    (
        Topic::SelfHarm,
        "not worth living|life is not worth|nothing to live for|left to live for",
    ),
    (
        Topic::SelfHarm,
        "no reason|no point ~ to live|living|in living|in waking up|waking up",
    ),
    (
        Topic::SelfHarm,
        "cannot|can not ~ go on|take it anymore|live like this",
    ),
    (Topic::SelfHarm, "better off ~ dead|without me"),
    (
        Topic::SelfHarm,
        "do not see|cannot see|can not see|see no ~ reason|point|any reason|any point|the point ~ to live|in living|of living|to go on|to carry on|in going on|in waking up|of waking up|to wake up|in getting up",
    ),
    (
        Topic::SelfHarm,
        "better ~ without me|if i was gone|if i were gone",
    ),
    (
        Topic::SelfHarm,
        "take|taking|took|swallow*|overdo ~ all|every|whole|the whole ~ pills|tablets|meds|medication|medicine|bottle|pack",
    ),
    (
        Topic::SelfHarm,
        "i|me ~ disappear forever|disappear for good|vanish forever|vanish for good|be gone forever",
    ),
    (Topic::SelfHarm, "take|taking ~ my own life|my life"),
    (
        Topic::SelfHarm,
        "done with|had enough of|tired of|sick of|fed up with ~ life|living|being alive",
    ),
    (
        Topic::SelfHarm,
        "if i ~ was gone|were gone|was not here|were not here|was dead|were dead|disappeared|was not around|were not around|was not alive|were not alive",
    ),
    (
        Topic::SelfHarm,
        "wish ~ i was|i were ~ dead|gone|never born|not alive",
    ),
    (
        Topic::SelfHarm,
        "feel like|want to|going to|wanna|gonna|thinking of|thinking about ~ end|ending ~ things|everything|it all",
    ),
    (
        Topic::SelfHarm,
        "no reason|no point|any reason|any point ~ to carry on|carrying on|to go on|going on|to live|living",
    ),
    (Topic::SelfHarm, "never wake up|not wake up|sleep forever"),
    (
        Topic::SelfHarm,
        "stop forever|end forever|over forever|gone forever",
    ),
    (
        Topic::SelfHarm,
        "no point to anything|no point in anything|nothing matters anymore|nothing matters any more|no point to life|no point in life",
    ),
    (
        Topic::SelfHarm,
        "thinking of|thinking about|considering|planning|plan on|about to ~ ending it|end it|ending my life|ending things|killing myself",
    ),
    (
        Topic::SelfHarm,
        "off myself|offing myself|unalive*|end myself|delete myself",
    ),
    (
        Topic::SelfHarm,
        "not waking up|never waking up|not to wake up|never to wake up",
    ),
    (Topic::SelfHarm, "want to be alive|want to be here anymore"),
    (
        Topic::SelfHarm,
        "do not|dont|not ~ want to wake up|wanna wake up",
    ),
    (Topic::SelfHarm, "something ~ to myself"),
    (
        Topic::SelfHarm,
        "not ~ being here|be here|being around|be around ~ anymore|any more|much longer",
    ),
    (
        Topic::SelfHarm,
        "ill|i will|i am going to|gonna ~ end it|end my life|kill myself|end it all",
    ),
    (
        Topic::SelfHarm,
        "ways|how ~ to die|to end it|to kill myself|to end my life",
    ),
    (
        Topic::SelfHarm,
        "saying|said|say ~ goodbye ~ to everyone|to everybody|to my family",
    ),
    (Topic::SelfHarm, "vill inte ~ vara med|finnas"),
    (Topic::SelfHarm, "om jag inte ~ fanns|levde|fanns har"),
    (Topic::SelfHarm, "nicht mehr ~ da sein|weiterleben"),
    (Topic::SelfHarm, "leben ~ nehmen|beenden"),
    (Topic::SelfHarm, "i am ~ a burden|such a burden"),
    (
        Topic::SelfHarm,
        "written|wrote|writing|left ~ a note|a goodbye|a letter|goodbye ~ for|to",
    ),
    // Round 34: letters to the family, before a payment is put in order.
    (
        Topic::SelfHarm,
        "written|wrote|writing|left ~ letters|notes|a letter|a note ~ to my|for my ~ kids|children|family|wife|husband|partner|parents|son|daughter|mum|mom|dad",
    ),
    (
        Topic::SelfHarm,
        "cannot|can not|not|unable to ~ keep going|carry on|continue like this|do this anymore",
    ),
    // "im" is expanded to "i am" before this (English shorthand), so the
    // German "keinen Sinn mehr im Leben" is matched across a gap.
    (Topic::SelfHarm, "sinn ~ leben"),
    (
        Topic::SelfHarm,
        "not ~ be around ~ much longer|for long|anymore|tomorrow",
    ),
    // Round 37, self-harm only: methods named ("hang myself", "the rope up
    // in the garage", "on the bridge right now"), warning signs (giving
    // things away, a will written last night, cutting again, a final
    // message), and not wanting to exist.
    (
        Topic::SelfHarm,
        "hang myself|hanging myself|drown myself|drowning myself|poison myself|poisoning myself|starve myself|starving myself|electrocute myself",
    ),
    (
        Topic::SelfHarm,
        "put the rope up|put a rope up|put up the rope|put up a rope|rope up in the|the rope is up|tied the noose|tied a noose|made a noose",
    ),
    (
        Topic::SelfHarm,
        "standing on|sitting on|on the edge of ~ the bridge|a bridge|the ledge|a ledge|the roof|a roof|the cliff|a cliff ~ right now|tonight|about to|ready to|looking down|typing this|writing this|as i type|as i write|texting me|messaging me|calling me|texted me|messaged me|called me|phoning me|on the phone",
    ),
    (
        Topic::SelfHarm,
        "giving|been giving|started giving ~ my stuff|my things|my belongings|all my stuff|all my things ~ away",
    ),
    (
        Topic::SelfHarm,
        "giving away|been giving away ~ my stuff|my things|my belongings|all my stuff|all my things",
    ),
    (
        Topic::SelfHarm,
        "final message|last message ~ before i go|before i am gone|to everyone",
    ),
    (
        Topic::SelfHarm,
        "my will last night|my will tonight|my will today|my will this morning",
    ),
    (
        Topic::SelfHarm,
        "been cutting|started cutting|cutting again|cut myself again|self harming again|harming myself again|relapsed ~ again|cutting|myself|and",
    ),
    (
        Topic::SelfHarm,
        "scared of what i might do|afraid of what i might do|scared of what i will do|afraid of what i will do|scared i will do something|afraid i will do something|scared i might do something|afraid i might do something|worried about what i might do",
    ),
    (
        Topic::SelfHarm,
        "want to exist|wanna exist|to not exist|not to exist|stop existing|cease to exist|could just not exist|could not exist|not exist anymore|not exist any more",
    ),
    (
        Topic::SelfHarm,
        "one way out of this|no way out but|no way out except|way out of this except|not in the money sense|not in a money sense|i do not mean money|i dont mean money|not talking about money",
    ),
    (
        Topic::SelfHarm,
        "what is the point|whats the point|no point|paying|pay|buying|bother ~ when|if|since|as ~ i will not be here|i wont be here|i am not going to be here|i will be gone|i am gone|i am not here",
    ),
    (
        Topic::SelfHarm,
        "how much of my|how much|how many of my|how many ~ insulin|pills|tablets|meds|medication|medicine|sleeping pills ~ would it take|would kill|to die|to overdose|would be enough",
    ),
    (
        Topic::SelfHarm,
        "just need|just want|i want|i need|make ~ the pain|the hurting|this pain|the suffering ~ to stop|to end|to go away",
    ),
    (
        Topic::SelfHarm,
        "tonight is the night|today is the day ~ tell|just|goodbye|sorry|i love",
    ),
    (
        Topic::SelfHarm,
        "just tell my|please tell my|tell my ~ sister|brother|mum|mom|dad|family|kids|children|wife|husband|partner ~ i love|i am sorry|im sorry|goodbye|the money*",
    ),
    (
        Topic::SelfHarm,
        "mir ~ was antue|etwas antue|was antun|etwas antun|was an",
    ),
    // Round 38, self-harm only: reunions with the dead, euphemisms
    // ("checking out early", "last day on earth"), non-native phrasings
    // ("finish my life"), overdoses already taken, plans for tonight.
    (
        Topic::SelfHarm,
        "see|be with|join|joining|be reunited with ~ my mum|my mom|my dad|my wife|my husband|my son|my daughter|my partner|my mother|my father ~ again|soon ~ gone|passed|died|in heaven|been dead",
    ),
    (
        Topic::SelfHarm,
        "checking out early|check out early|clocking out early ~ do not bother|dont bother|no need|for good|permanently",
    ),
    (
        Topic::SelfHarm,
        "last day on earth|last day alive|last night on earth|last night alive|final day on earth|final day alive|life is finish|life is finished|life is over",
    ),
    (Topic::SelfHarm, "finish ~ my life|myself"),
    (
        Topic::SelfHarm,
        "i will|ill|i am going to|gonna ~ go away forever|go away for good|leave this world|leave forever|disappear forever",
    ),
    (
        Topic::SelfHarm,
        "took|taken|swallowed ~ a load of|loads of|a lot of|lots of|a bunch of|too many|a handful of|a bottle of|a box of|a packet of ~ tablets|pills|meds|paracetamol|painkillers|sleeping pills",
    ),
    (
        Topic::SelfHarm,
        "took them all|taken them all|swallowed them all|took the lot|taken the lot ~ so|already|ago|an hour|and now|it does not|it doesnt|goodbye|sorry",
    ),
    (
        Topic::SelfHarm,
        "sorry for everything|sorry for all of it|love you all ~ this is goodbye|goodbye",
    ),
    (
        Topic::SelfHarm,
        "the world does not need me|nobody needs me|no one needs me",
    ),
    (
        Topic::SelfHarm,
        "charcoal ~ tape|duct tape|seal the room|in the car|in my car|in the bedroom",
    ),
    (
        Topic::SelfHarm,
        "kill yourself ~ everyone|tells|told|telling|say|says|right",
    ),
    (
        Topic::SelfHarm,
        "throw|throwing ~ myself ~ off|in front|under|from",
    ),
    (
        Topic::SelfHarm,
        "thinking of jumping|thinking about jumping|want to jump|going to jump|gonna jump ~ off|from|in front",
    ),
    (
        Topic::SelfHarm,
        "ending things today|ending things tonight|ending it all|ending it today|ending it tonight|ever again where i am going|need it where i am going|need anything where i am going",
    ),
    (
        Topic::SelfHarm,
        "insurance money|life insurance|the insurance ~ at least|when i|after i|once i|will pay out",
    ),
    (
        Topic::SelfHarm,
        "sehe keinen sinn mehr|sehe keinen ausweg|skurit mig|skar mig|skadar mig sjalv|skadat mig sjalv",
    ),
    // Round 40, self-harm only: a painless way, not planning to be around,
    // a decision taken, a burden no longer, how high a bridge must be.
    (
        Topic::SelfHarm,
        "make it painless|painless way to|painless way out|painless death|quickest way to die|easiest way to die",
    ),
    (
        Topic::SelfHarm,
        "do not plan on being around|dont plan on being around|not planning on being around|not planning to be around|do not plan to be around|dont plan to be around",
    ),
    (
        Topic::SelfHarm,
        "have decided to end it|decided to end my life|made up my mind to end it|stopped being a burden|stop being a burden|no longer be a burden|not be a burden anymore",
    ),
    (
        Topic::SelfHarm,
        "how high|how tall ~ a bridge|a building|a roof|a balcony|a cliff ~ need|needs|to die|to kill|would",
    ),
    (
        Topic::SelfHarm,
        "hate my life ~ want out|want it to end|want to die|end it",
    ),
    (
        Topic::SelfHarm,
        "ta slut pa allt|gora slut pa allt|gora slut pa mig|ta slut pa mig|schluss mit allem|schluss mit meinem leben|mit allem schluss|keine kraft mehr zu leben",
    ),
    // Round 41, self-harm only: no need for money "where I'm going", gone
    // before the first instalment, the family better off with the
    // insurance, the train tracks, a plan worked out, nothing left of me.
    (
        Topic::SelfHarm,
        "wont need|will not need|not need|no need for|no use for ~ the money|money|my money|any money|anything ~ where i am going|where i am headed",
    ),
    (
        Topic::SelfHarm,
        "what is the point|whats the point|no point ~ paying|pay|buying ~ i will be gone|ill be gone|i will not be here|i wont be here|i am not going to be here",
    ),
    (
        Topic::SelfHarm,
        "better off ~ than with me|than having me|with the life insurance|with my life insurance|with the insurance money|with the insurance",
    ),
    (
        Topic::SelfHarm,
        "if i disappear|if i just disappear|if i vanish|if i just vanish ~ debt|the money|my kids|my children|my family|who pays|who gets|will anyone",
    ),
    (
        Topic::SelfHarm,
        "going to|go to|walk to|walking to|heading to|standing on|lying on|lie on|on ~ the train tracks|the railway tracks|the railway line|the rail tracks|train tracks|railway tracks",
    ),
    (
        Topic::SelfHarm,
        "decided tonight is the night|decided today is the day ~ send|give|refund ~ to my|for my ~ brother|sister|mum|mom|dad|family|wife|husband|kids|children|partner",
    ),
    (
        Topic::SelfHarm,
        "really bad|so bad|very bad|depressed|depression|suicidal thoughts|dark place|dark thoughts|struggling|hopeless ~ planning how to do it|planned how to do it|worked out how to do it|figured out how to do it|know how i will do it|know how i am going to do it",
    ),
    (
        Topic::SelfHarm,
        "want there to be nothing left of me|want nothing left of me|wish there was nothing left of me|wish there were nothing left of me",
    ),
    // Rounds 49-50: told by family or a partner ("she wants to die", "he'll
    // kill himself", which normalisation spells "hell kill himself"). Not
    // "nearly killed himself": that is an accident.
    (
        Topic::SelfHarm,
        "he|she|they ~ wants to die|want to die|wanted to die|is suicidal|are suicidal|was suicidal",
    ),
    (
        Topic::SelfHarm,
        "take his life|take her life|taking his life|taking her life|taking his own life|taking her own life|threatening to jump|threatened to jump|threatens to jump|forsokt ta sitt liv|forsokte ta sitt liv|pratar om att ta sitt liv|tanker ta sitt liv|vill ta sitt liv|planerar att ta sitt liv|hotar att ta sitt liv|sich umbringen|sich umzubringen|sich das leben nehmen|sich das leben zu nehmen|sich etwas antun|sich etwas anzutun",
    ),
    (
        Topic::SelfHarm,
        "talking about|talks about|talked about|keeps talking about|thinking about|thinks about ~ killing himself|killing herself|ending his life|ending her life|ending it all|suicide !~ squad",
    ),
    (
        Topic::SelfHarm,
        "will kill himself|will kill herself|hell kill himself|shell kill herself|going to kill himself|going to kill herself|wants to kill himself|wants to kill herself|threatening to kill himself|threatening to kill herself|threatened to kill himself|threatened to kill herself|threatening suicide|threatened suicide|end his life|end her life|take his own life|take her own life|tried to kill himself|tried to kill herself",
    ),
    // Rounds 52-53: self-harm in Swedish and German, in the first person and
    // told by family, and told by family in English once more (a goodbye
    // note, "ending things", "do something stupid", a friend on a bridge
    // texting). Third-person methods are whole phrases: with a gap, "hung
    // the picture himself" would read as hanging.
    (
        Topic::SelfHarm,
        "left|wrote|written|writing ~ a note|a letter|notes|letters ~ saying goodbye|to say goodbye",
    ),
    (
        Topic::SelfHarm,
        "talking about|talks about|talked about|talk about ~ ending things|wanting to die|not wanting to live|not being here anymore",
    ),
    (
        Topic::SelfHarm,
        "hang himself|hang herself|hanged himself|hanged herself|hung himself|hung herself|hanging himself|hanging herself|drown himself|drown herself|drowned himself|drowned herself|poison himself|poison herself|poisoned himself|poisoned herself|starving himself|starving herself|trying to kill himself|trying to kill herself|attempted to kill himself|attempted to kill herself|try to kill himself|try to kill herself",
    ),
    (
        Topic::SelfHarm,
        "wants to|want to|wanted to|wanna|wishes he could|wishes she could ~ disappear forever|disappear for good|vanish forever|vanish for good|be gone forever",
    ),
    (
        Topic::SelfHarm,
        "is going to do something stupid|will do something stupid to|might do something stupid to|do something stupid to himself|do something stupid to herself|do something stupid to myself|sees no way out",
    ),
    (
        Topic::SelfHarm,
        "no one|nobody|noone ~ would|will ~ miss him|miss her ~ if|when|gone",
    ),
    (
        Topic::SelfHarm,
        "keeps giving away|been giving away|started giving away|giving away|gave away ~ his|her|all his|all her ~ stuff|things|belongings|possessions ~ goodbye|saying goodbye|saying bye",
    ),
    (
        Topic::SelfHarm,
        "wishes|wished ~ he was|she was|he were|she were|they were ~ dead|never born",
    ),
    // Cutting told in the third person, which the injury patterns would
    // otherwise read as an accident ("she cut herself on purpose").
    (
        Topic::SelfHarm,
        "cutting himself|cutting herself|cutting themselves|cuts himself|cuts herself|harming himself|harming herself|harming themselves|burning himself on purpose|burning herself on purpose",
    ),
    (
        Topic::SelfHarm,
        "cut|cuts|burned|burnt|burns|hurt|hurts|harmed|harms|hit|hits ~ himself|herself|themselves|myself ~ on purpose|deliberately|again|with a razor|with razors|with a blade|with blades|with a lighter",
    ),
    (
        Topic::SelfHarm,
        "cut|cuts|cutting|slit|slitting|slashed ~ her wrists|his wrists|her wrist|his wrist|my wrists|my wrist|her thighs|his thighs|my thighs",
    ),
    (
        Topic::SelfHarm,
        "vill forsvinna for alltid|vill bara forsvinna for alltid|vill forsvinna for gott|vill bara forsvinna for gott|vill bara do|ingen ide att leva|ingen mening att leva|ingen mening med att leva|ingen mening med livet|meningslost att leva|livet ar meningslost|allt ar meningslost|livet har ingen mening|will nur noch sterben",
    ),
    (
        Topic::SelfHarm,
        "skrivit|skrev|skriver|lamnat ~ brev|ett brev|avskedsbrev ~ till mina barn|till barnen|till min familj|till min fru|till min man|till mamma|till pappa",
    ),
    // Swedish "skär sig" is also what colours do when they clash, so the
    // third person needs a person or "again" or "self" beside it.
    (
        Topic::SelfHarm,
        "skar sig igen|skurit sig igen|skar sig sjalv|skurit sig sjalv|borjat skara sig|dotter skar sig|dottern skar sig|son skar sig|sonen skar sig|skadar sig sjalv|skadat sig sjalv|skada sig sjalv|skada mig sjalv|sjalvskad*|ritzt sich|ritzen sich|sich geritzt|hat sich geritzt",
    ),
    (
        Topic::SelfHarm,
        "ta livet av sig|tog livet av sig|tagit livet av sig|tar livet av sig|gora slut pa sig|gjort slut pa sig|gjorde slut pa sig|ta slut pa sig",
    ),
    (
        Topic::SelfHarm,
        "hoppa|hoppar|kasta mig|kasta sig ~ framfor taget|framfor ett tag|framfor tunnelbanan|fran bron|fran taket|fran balkongen",
    ),
    (
        Topic::SelfHarm,
        "von der brucke|von einer brucke|vom dach|vom balkon|vor den zug|vor einen zug|vor die bahn ~ springen|zu springen|werfen|zu werfen|springe|gesprungen",
    ),
    (
        Topic::SelfHarm,
        "snart spelar det ingen roll|snart spelar ingenting nagon roll|bald ist das egal|bald ist das eh egal|bald ist alles egal|bald ist es egal|bald spielt das keine rolle|bald spielt es keine rolle ~ skyldig|skulden|skulderna|jag ar borta|jag ar inte kvar|weg|schulde|schulden|nicht mehr da",
    ),
    (Topic::SelfHarm, "mein leben ~ keinen sinn|sinnlos"),
    (
        Topic::SelfHarm,
        "spricht|redet|sprechen|reden|pratar|pratat ~ vom sterben|davon zu sterben|davon sich umzubringen|om att do|om att inte vilja leva",
    ),
    // Round 46, self-harm only, a fifth time in English: nothing matters
    // since I won't be here, a will sorted and ready to go, no meaning
    // left, goodbyes written, six feet under, a crash on purpose, the
    // medicine cabinet, the car exhaust, a dark place and a plan.
    (
        Topic::SelfHarm,
        "does not matter|doesnt matter|who cares|no point ~ i will not be here|i wont be here|i am not going to be here|i will not be around|i wont be around ~ to use it|to use them|to need it|to enjoy it|to wear it|to pay",
    ),
    (
        Topic::SelfHarm,
        "sorted my will|done my will|written my will|made my will|finished my will|updated my will ~ ready to go|ready to die|ready to end ~ last payment|last order|this payment|goodbye|sorry",
    ),
    (
        Topic::SelfHarm,
        "given up on life|giving up on life|give up on life|no light at the end of the tunnel|life has no meaning|my life has no meaning|life is meaningless|no meaning in life|no meaning in my life",
    ),
    (
        Topic::SelfHarm,
        "pills|tablets|pharmacy|medicine|rope|hose|charcoal|blades ~ to end it|to end my life|to kill myself",
    ),
    (
        Topic::SelfHarm,
        "i will not survive|i wont survive|i am not going to survive|i will not make it through|i wont make it through ~ the weekend|the night|tonight|this week|the week|much longer",
    ),
    (
        Topic::SelfHarm,
        "writing my goodbyes|written my goodbyes|wrote my goodbyes|my goodbye letters",
    ),
    (
        Topic::SelfHarm,
        "better off ~ six feet under|six foot under|in the ground|in a grave|in my grave",
    ),
    (
        Topic::SelfHarm,
        "crash|crashing|drive off|driving off ~ on purpose|deliberately",
    ),
    (
        Topic::SelfHarm,
        "through this week alive|through the week alive|through the weekend alive",
    ),
    (
        Topic::SelfHarm,
        "fine without me|happier without me|without their useless|without their stupid|without their pathetic",
    ),
    (
        Topic::SelfHarm,
        "swallow everything|swallowing everything|everything in the medicine cabinet|the whole medicine cabinet|everything in my medicine cabinet",
    ),
    (
        Topic::SelfHarm,
        "hose|hosepipe|tube ~ exhaust ~ goodbye|sorry|tonight",
    ),
    (
        Topic::SelfHarm,
        "dark place|dark thoughts|suicidal|hopeless|depressed ~ i have a plan|have a plan|got a plan|made a plan",
    ),
    // Round 43, self-harm only in Swedish and German: not being here for
    // the instalments, better off dead, pills saved up, the bridge, a
    // message for a mother, nobody would miss me, a farewell letter.
    (
        Topic::SelfHarm,
        "jag ~ inte finnas kvar|inte att finnas kvar|inte vara kvar|inte finnas har langre",
    ),
    (
        Topic::SelfHarm,
        "om jag var dod|om jag vore dod|wenn ich tot ware|wenn ich tot bin|wenn ich nicht mehr da ware",
    ),
    (
        Topic::SelfHarm,
        "samlat pa mig|samlat ihop|sparat pa mig|gesammelt|gehortet ~ tabletter|piller|mediciner|somntabletter|tabletten|pillen|schlaftabletten",
    ),
    (
        Topic::SelfHarm,
        "behover|behova|brauche ~ inte|inte langre|nicht mehr ~ efter ikvall|efter i kvall|nach heute nacht",
    ),
    (
        Topic::SelfHarm,
        "star pa|stehe ~ bron|kanten|stupet|ralsen|auf der brucke|an der kante|auf den gleisen|auf dem gleis",
    ),
    (
        Topic::SelfHarm,
        "sag till|hals till|berata for|sagt|sag|sagen sie ~ att jag alskar henne|att jag alskar honom|att jag alskar er|att jag alskar dig|att jag ar ledsen|att jag ber om forlatelse|dass es mir leid tut|dass ich sie liebe|dass ich ihn liebe|dass ich euch liebe|dass ich dich liebe",
    ),
    (
        Topic::SelfHarm,
        "ingen|niemand|keiner ~ kommer sakna mig|kommer att sakna mig|skulle sakna mig|saknar mig|wurde mich vermissen|wird mich vermissen|vermisst mich !~ pa jobbet|pa kontoret|pa semestern|haha|lol|im buro|i am buro|im urlaub|i am urlaub",
    ),
    (
        Topic::SelfHarm,
        "vill inte vakna imorgon|vill inte vakna igen|vill inte vakna mer|vill aldrig vakna|vill inte vakna upp igen",
    ),
    (
        Topic::SelfHarm,
        "mich umzubringen|mich zu toten|mir das leben zu nehmen|ritze mich|ritzen mich|mich geritzt|mich wieder geritzt|abschiedsbrief*|avskedsbrev*",
    ),
    (
        Topic::SelfHarm,
        "will|mochte ~ fur immer verschwinden|nicht mehr existieren|fur immer weg sein",
    ),
    (
        Topic::SelfHarm,
        "kann nicht mehr|halte es nicht mehr aus|orkar inte mer ~ verschwinden|sterben|weg sein|forsvinna|do|mache schluss|mach schluss|schluss machen",
    ),
    (
        Topic::SelfHarm,
        "hat keinen sinn mehr zu leben|ich bin bald nicht mehr da|bin nicht mehr lange da|ich bin dann nicht mehr da",
    ),
    // Round 36: not around "to pay this back", walking into the sea.
    (
        Topic::SelfHarm,
        "not going to be around|not gonna be around|wont be around|will not be around ~ to pay|to see|to deal with|so it does not matter|so it doesnt matter|so who cares",
    ),
    (
        Topic::SelfHarm,
        "thinking about|thinking of|think about|want to|going to|gonna|wanna|urge to|tempted to ~ walking into|walk into|step into|stepping in front of|step in front of|jump in front of|jumping in front of|drive into|driving into|drive my car into|drive the car into|crash my car into|crash the car into|crash into ~ the sea|the river|the lake|the ocean|the water|traffic|a train|the train|a bus|a lorry|a truck|a wall|a tree",
    ),
    (
        Topic::SelfHarm,
        "thinking about|thinking of|want to|going to|gonna|wanna|urge to ~ drown myself|drowning myself",
    ),
    (
        Topic::SelfHarm,
        "point ~ of living|in living|of going on|of carrying on|of being alive",
    ),
    (Topic::SelfHarm, "inte ~ vart|vard ~ att leva"),
    (
        Topic::SelfHarm,
        "want|wish|need ~ it all|everything|it|my life ~ to be over|to end|to stop",
    ),
    (
        Topic::SelfHarm,
        "not|no longer|wasnt|werent ~ alive|be alive|be here anymore|been born",
    ),
    (
        Topic::SelfHarm,
        // Not "jump*": a "jumper from the train collection" is a sweater.
        "jump|jumped|jumping|jumps|jumpin|jumpd ~ bridge|building|roof|train|cliff|balcony",
    ),
    (
        Topic::SelfHarm,
        "pills|tablets ~ saved|stockpil*|hoard*|all of them|them all",
    ),
    (
        Topic::SelfHarm,
        "no one|nobody|noone ~ would|will ~ miss me",
    ),
    (
        Topic::SelfHarm,
        "no one|nobody|noone ~ would|will ~ care if i|care when i|notice if i|notice when i ~ died|die|was gone|were gone|am gone|disappeared|was dead|were dead|was not here|wasnt here|did it|killed myself|went",
    ),
    (Topic::SelfHarm, "no point ~ in going on|going on|to go on"),
    (Topic::SelfHarm, "ta ~ mitt liv|livet av mig"),
    (Topic::SelfHarm, "vill ~ do|inte leva"),
    (Topic::SelfHarm, "orkar inte ~ leva|mer"),
    // Not "mich ~ um": "ich kümmere mich um die Rücksendung" is taking care
    // of something.
    (Topic::SelfHarm, "mich ~ umbringen|toten"),
    (
        Topic::SelfHarm,
        "bringe mich um|bring mich um|bringe ich mich um|bringen mich um",
    ),
    (Topic::SelfHarm, "mir ~ das leben nehmen|etwas antun"),
    (Topic::SelfHarm, "will|mochte ~ nicht mehr leben|sterben"),
    (
        Topic::SelfHarm,
        "will not be here|will not be around|wont be here|wont be around ~ anyway",
    ),
    (
        Topic::SelfHarm,
        "after tonight|after today ~ will not need|wont need|no longer need|will not be here|will not be around|will be gone",
    ),
    (
        Topic::SelfHarm,
        "sehe keinen ausweg|keinen ausweg mehr|kein ausweg mehr|ser ingen utvag|ingen utvag",
    ),
    // Not "bought a rope": an outdoor shop sells rope.
    (
        Topic::SelfHarm,
        "the rope ready|a rope ready|tied a rope|noose|pills ready|pills lined up|going to jump|gonna jump|jump off something|jump in front",
    ),
    (
        Topic::SelfHarm,
        "ending it tonight|end it tonight|ending it today|end it today|ending it all|end it all tonight|going to end it|gonna end it|will end it tonight",
    ),
    (
        Topic::SelfHarm,
        "will not be needing|will not need|not going to need|wont be needing ~ much longer|for much longer|for long",
    ),
    (
        Topic::SelfHarm,
        "decided i am done|i am done with everything|i am done with it all|giving away my things|giving away my stuff|giving my things away|getting my affairs in order|put my affairs in order|putting my affairs in order",
    ),
    (
        Topic::SelfHarm,
        "whats the point|what is the point ~ of anything|in anything|of living|in living|of life|of it all",
    ),
    (
        Topic::SelfHarm,
        "step|stepping|walk|walking|jump|jumping|throw myself ~ in front of ~ a train|the train|a bus|a car|a lorry|a truck|traffic",
    ),
    (
        Topic::SelfHarm,
        "jump|jumping|throw myself ~ off ~ a bridge|the bridge|a building|the roof|a cliff",
    ),
    (
        Topic::SelfHarm,
        "goodbye letter*|goodbye note*|suicide note*|said my goodbyes|saying my goodbyes|wrote goodbye*|writing goodbye* !~ sofa|couch|car|flat|bike|phone|dress|jeans|shoes|old sofa|old car|old phone",
    ),
    (
        Topic::SelfHarm,
        "nicht mehr aufwachen|nie mehr aufwachen|nie wieder aufwachen|inte vakna igen|aldrig vakna",
    ),
    (
        Topic::SelfHarm,
        "saving up|saved up|stockpil*|hoarding|collecting ~ pills|tablets|meds|painkillers|sleeping pills",
    ),
    // Fraud and unrecognised charges.
    // Round 44: told of an order by an email or a stranger.
    (
        Topic::Fraud,
        "saying i ordered|says i ordered|said i ordered|saying i bought|says i bought|said i bought ~ i did not|but i did not|but i never|never did",
    ),
    (
        Topic::Fraud,
        "why did they|why did someone|why has someone|who has been|who is ~ order|ordered|ordering|buying|bought ~ on my account|from my account|with my account|on my card|with my card",
    ),
    // Round 33: messages that carry the card number, a national id or a
    // date, which redaction turns into "[card number]" and the like.
    (
        Topic::Fraud,
        "used in|used at|charged in|charged at|spent in|paid in|used|charged ~ never been there|never been to|have never been",
    ),
    (
        Topic::Fraud,
        "used by someone else|used by somebody else|someone else used|somebody else used|turned out fake|turned out a scam|turned out to be a fake",
    ),
    (
        Topic::Fraud,
        "double my money|double your money|triple my money|guaranteed returns|guaranteed profit*",
    ),
    (
        Topic::Fraud,
        "investment|investing|trading|crypto ~ will not let me withdraw|wont let me withdraw|cannot withdraw|can not withdraw|unable to withdraw",
    ),
    (
        Topic::Fraud,
        "sms|textnachricht ~ link|lank|lanken ~ geklickt|klickat|klickade|geoffnet|oppnade",
    ),
    (
        Topic::Fraud,
        "jetzt fehlt|fehlt geld|geld fehlt|pengar saknas|pengarna saknas|pengar fattas",
    ),
    // Round 27: a charge from a company never heard of, in a list of
    // routine questions.
    (
        Topic::Fraud,
        "subscription*|charge*|payment*|debit*|merchant|company ~ never heard of|have never heard of",
    ),
    // Round 26: paying a stranger outside the shop, codes asked for by
    // "your team" on the phone.
    (
        Topic::Fraud,
        "asked me to pay|told me to pay|wanted me to pay|asked me to send|told me to send ~ through this link|via this link|through a link|via a link|outside|off the platform",
    ),
    (
        Topic::Fraud,
        "seller is gone|seller has gone|seller disappeared|seller vanished|seller deleted|seller blocked me",
    ),
    (
        Topic::Fraud,
        "asking me to|asked me to|wanted me to|told me to ~ confirm|read out|give them|tell them ~ the code|my code|a code|the pin|my pin",
    ),
    // Round 25: romance and investment scams, extortion, payments made in
    // the middle of the night.
    (
        Topic::Fraud,
        "met on instagram|met on facebook|met on snapchat|met on tiktok|met on whatsapp|met on hinge|met on bumble|met him on|met her on|met them on",
    ),
    (
        Topic::Fraud,
        "never met ~ in person|in real life|face to face|irl",
    ),
    (
        Topic::Fraud,
        "crypto advisor|crypto adviser|crypto coach|crypto mentor|investment advisor i met|trading mentor",
    ),
    (
        Topic::Fraud,
        "unless i pay|unless i send|unless i transfer|if i do not pay them|or they will share|or they will post|threatening to share|threatening to post|threatening to leak|my nudes",
    ),
    (
        Topic::Fraud,
        "share|post|leak|send|publish ~ private|intimate|nude|naked|explicit ~ photos|pictures|pics|images|videos",
    ),
    (
        Topic::Fraud,
        "1am|2am|3am|4am|5am|middle of the night ~ i was asleep|i was sleeping|i was in bed",
    ),
    (
        Topic::Fraud,
        "while i was asleep|while i slept|while i was sleeping ~ payment*|charge*|transaction*|money|taken|spent|someone",
    ),
    (
        Topic::Fraud,
        "payment*|charge*|transaction*|money|taken|spent|made ~ while i was asleep|while i slept|while i was sleeping",
    ),
    (
        Topic::Fraud,
        "now there is|now theres|and now there is|and now theres ~ gone|missing|been taken",
    ),
    (
        Topic::Fraud,
        "fraud*|defraud*|scam|scams|scammed|scammer|scammers|scamming|scamed|scamd|scammd|scamer|scamers|scamsite|scamsites|scammy|scamy|phishing|identity theft|conned|swindled|duped|tricked|cheated|bedrageri*|bedragen|lurad|lurade|lurats|betrug*|betruger*|betrogen",
    ),
    (Topic::Fraud, "unauthori*|unauthoriz*|unrecogni*"),
    (
        Topic::Fraud,
        "did not|never|dont|do not ~ authori*|recogni*|make|made|buy|bought|approve*",
    ),
    // Ordering needs to follow at once: "I didn't get an order number" is
    // routine (session 10), "I didn't order this" is not.
    (
        Topic::Fraud,
        "did not order|didnt order|never ordered|did not even order|never even ordered|did not actually order|never actually ordered|did not place this|did not place these|did not place that|never placed this|never placed these|never placed that",
    ),
    (Topic::Fraud, "not|isnt|wasnt ~ mine"),
    (
        Topic::Fraud,
        "was not me|is not me|not by me|not my purchase",
    ),
    (
        Topic::Fraud,
        "not my order|not my purchase|not my payment|not my charge|not my transaction ~ please|cancel|who|someone|somebody",
    ),
    (
        Topic::Fraud,
        "someone|someones|somebody|somebodys|stranger ~ used|using|took|taking|taken|charged|spent|opened|ordered|bought|withdrew|ordering|buying|spending|charging|shopping|trying to buy|trying to use|trying to order|tried to buy|tried to use|keeps trying|tapping|tapped|been tapping",
    ),
    (
        Topic::Fraud,
        "who ~ is taking|took|has taken|is using|used ~ money|my money|my card",
    ),
    (
        Topic::Fraud,
        "in my name|with my name|under my name|using my name|with my identity|using my identity",
    ),
    (
        Topic::Fraud,
        "shop i do not know|store i do not know|company i do not know|merchant i do not know|seller i do not know|website i do not know|shop i do not recogni*|company i do not recogni*|merchant i do not recogni*",
    ),
    (
        Topic::Fraud,
        "card|account|details|identity ~ was used|were used|has been used|have been used|got used|been used ~ abroad|overseas|in another country|in other country|in a different country|without|while i|when i|by someone|by somebody|by a stranger",
    ),
    (
        Topic::Fraud,
        "item|product|goods|order|shop|store|seller|website|hotel|flat|apartment|event|tickets|holiday|company|business ~ never existed|did not exist|does not exist",
    ),
    (
        Topic::Fraud,
        // "pretend play" is a toy aisle: pretending needs "to be".
        "pretending to be|pretended to be|pretend to be|pretends to be|pretending it was|pretending they were|pretending he was|pretending she was|impersonat*|claiming to be|posing as",
    ),
    (
        Topic::Fraud,
        "fake ~ call|caller|email|website|bank|text|shop|store|seller|site|company|listing|webshop|page|account|profile",
    ),
    (
        Topic::Fraud,
        "email|text|sms|message|caller|call|link ~ asking|asked ~ for|me for ~ my",
    ),
    (
        Topic::Fraud,
        "this|that|it ~ is not|was not ~ my purchase|my order|my payment|my charge|my transaction|from me",
    ),
    (
        Topic::Fraud,
        "did not|never ~ do|place*|request*|sign* ~ this|that|it",
    ),
    (
        Topic::Fraud,
        "a purchase|an order|a payment ~ i ~ did not|never",
    ),
    (
        Topic::Fraud,
        "har inte ~ bestallt|godkant|kopt|gjort ~ det|den|detta",
    ),
    (
        Topic::Fraud,
        "jemand|fremde*|wer ~ mit meiner|meine|meinem|meinen ~ karte|konto|daten|namen",
    ),
    (
        Topic::Fraud,
        "without ~ my knowledge|me knowing|my permission|permission|my consent|asking me|my say|my say so|my approval|telling me",
    ),
    (
        Topic::Fraud,
        "charge*|payment*|purchase*|transaction*|order*|shop|store|merchant|company|seller|website ~ never heard of|know nothing about|no idea about",
    ),
    (
        Topic::Fraud,
        "charge*|purchase*|transaction*|shop|store|merchant|company|seller|website|order*|town|city|place|country ~ never|have never ~ used|shopped|been to|visited",
    ),
    (Topic::Fraud, "are not ~ mine|ours"),
    (
        Topic::Fraud,
        "do not know|dont know|no idea ~ what ~ this|the|these ~ payment*|charge*|transaction*|debit*",
    ),
    (Topic::Fraud, "clicked ~ a|the|on a|on the ~ link"),
    (
        Topic::Fraud,
        "someone|somebody|caller|man|woman ~ saying|said|claiming ~ they were|they are|to be|he was|she was ~ from|your|the bank",
    ),
    (
        Topic::Fraud,
        "charge*|payment*|transaction*|debit*|purchase*|order* ~ i ~ do not|did not|never ~ recogni*|know|make|made|done|do|did",
    ),
    (
        Topic::Fraud,
        "unknown|strange|suspicious|weird|mysterious|random ~ charge*|payment*|transaction*",
    ),
    (
        Topic::Fraud,
        "kanner inte igen|okand ~ betalning*|dragning*|kop",
    ),
    (
        Topic::Fraud,
        "nicht ~ autorisiert|erkenne|gemacht|bestellt|getatigt|veranlasst|genehmigt",
    ),
    (
        Topic::Fraud,
        "kop|betalning*|dragning*|transaktion* ~ inte ~ gjort|gjorde|bestallt|godkant",
    ),
    (Topic::Fraud, "erkenne ~ nicht"),
    (
        Topic::Fraud,
        "jag inte ~ kanner till|kanner igen|har godkant|godkant|har gjort|har bestallt|bestallt|har kopt",
    ),
    (
        Topic::Fraud,
        "jemand ~ abgebucht|abgehoben|benutzt|verwendet|bezahlt",
    ),
    (
        Topic::Fraud,
        "zahlung*|abbuchung*|buchung*|betrag|lastschrift*|bestellung* ~ kenne ich nicht|nie aufgegeben|nie gemacht|nicht aufgegeben|die ich nicht kenne|die ich nicht erkenne|das ich nicht kenne|nicht von mir",
    ),
    (
        Topic::Fraud,
        "nie ~ bestellt|aufgegeben|autorisiert|genehmigt",
    ),
    (
        Topic::Fraud,
        "unbekannt* ~ abbuchung*|zahlung*|buchung*|transaktion*|lastschrift*",
    ),
    (Topic::Fraud, "who ~ authori*|approved"),
    (
        Topic::Fraud,
        "who ~ placed|ordered|made ~ it|this|that|the order|these|this order|that order",
    ),
    (
        Topic::Fraud,
        "not something ~ i|we ~ bought|ordered|purchased|made|did|recogni*",
    ),
    (
        Topic::Fraud,
        "gave|given|told|shared|sent|read out ~ them|him|her|a caller|the caller|someone|somebody|a stranger ~ my|her|his|our|the ~ card number|card details|card info*|bank details|pin|password|login|security code|code|details",
    ),
    (
        Topic::Fraud,
        "says|said|claims|claimed|claiming ~ he|she|they ~ works|work|worked|is from|are from|was from|were from ~ for you|for your|you|your|the company|the bank",
    ),
    (
        Topic::Fraud,
        "is this|is that|is it|is the ~ legit|legitimate|a scam|real or fake|really you|really from you",
    ),
    (Topic::Fraud, "nie|nichts|niemals ~ gekauft|bestellt"),
    (
        Topic::Fraud,
        "typed in|typed|entered|put in ~ her|his|their ~ card details|card number|bank details|password|pin",
    ),
    (
        Topic::Fraud,
        "was not really from you|not really from you|was not really you|was not from you|were not from you|is not from you",
    ),
    (
        Topic::Fraud,
        "aldrig ~ har gjort|gjort|bestallt|godkant|kopt|handlat",
    ),
    (
        Topic::Fraud,
        "utan att jag ~ godkant|visste|gett lov|gav lov|fragats|blivit tillfragad",
    ),
    (Topic::Fraud, "utan mitt ~ godkannande|medgivande|tillstand"),
    (Topic::Fraud, "sich als ~ ausgegeben"),
    (
        Topic::Fraud,
        "gibt sich als|gab sich als|gaben sich als|nicht von mir|war ich nicht|var inte jag|inte av mig|nicht zuordnen|nicht zuzuordnen",
    ),
    (
        Topic::Fraud,
        "no knowledge of|no knowledge about|have no knowledge",
    ),
    (
        Topic::Fraud,
        "safe account|security department called|fraud department called|without asking|without telling me|behind my back",
    ),
    (
        Topic::Fraud,
        "i paid was fake|turned out to be fake|turned out to be a scam|fake landlord|fake seller|fake shop|fake website|fake site|fake company|read out a code|read out the code|read the code to|gave them the code|gave him the code|gave her the code|and i gave it",
    ),
    (
        Topic::Fraud,
        "sicheres konto|sichere konto|sicherheitskonto|sakert konto|am telefon sagte|anrufer sagte",
    ),
    (
        Topic::Fraud,
        "sa att de var fran|sa att han var fran|sa att hon var fran|utgav sig|pastod sig vara|pastod att de var",
    ),
    (
        Topic::Fraud,
        "gav dem|gav honom|gav henne|lamnade ut|uppgav ~ koden|koder|bankid|kortnumret|mina uppgifter",
    ),
    (
        Topic::Fraud,
        "i clicked it|and clicked it|i pressed the link|i tapped the link|clicked the link in the text|clicked the link in the message|clicked the link in the email",
    ),
    (
        Topic::Fraud,
        "shops i do not go to|places i do not go|shops i have never been|places i have never been|shops i never go to|places i never go",
    ),
    (
        Topic::Fraud,
        "my flatmate|my roommate|my housemate|my lodger|my neighbour|my ex|my partner|my carer ~ has|knows|got|took|saw ~ my card details|my details|my password|my pin|my login|my card number",
    ),
    (
        Topic::Fraud,
        "in gift cards|with gift cards|by gift card|pay in gift card*|itunes card*|steam card*|google play card*|apple gift card*",
    ),
    (
        Topic::Fraud,
        "man|woman|caller|someone|somebody|guy ~ on the phone|who called|who rang|who phoned ~ said i must|said i need|said i have to|told me to|told me i must|told me i need",
    ),
    (
        Topic::Fraud,
        "says hes from|said hes from|says shes from|said shes from|says he is from|says she is from|said he was from|said she was from|says they are from|said they were from|claims to be from|claimed to be from",
    ),
    (
        Topic::Fraud,
        "a guy|a man|a woman|someone|somebody|a stranger ~ offered to help|offered help|helped me ~ pin|type|enter|card",
    ),
    (
        Topic::Fraud,
        "investment site|investment platform|trading site|trading platform|crypto site|crypto platform|investment scheme",
    ),
    (
        Topic::Fraud,
        "going through a divorce|separated from|splitting up ~ emptying|emptied|draining|drained|taking money|took money|cleared out",
    ),
    (
        Topic::Fraud,
        "casino|gambling|betting ~ never used|never been|never played|never gambled|do not gamble",
    ),
    (
        Topic::Fraud,
        "payment|charge|transaction|activity ~ looks suspicious|seems suspicious|is suspicious|was suspicious|flagged as fraud",
    ),
    (
        Topic::Fraud,
        "never|did not ~ agreed to|agree to|signed up|sign up|subscribed",
    ),
    (
        Topic::Fraud,
        "shop|store|place|town|city|country|restaurant|hotel ~ never been|never visited|never set foot|never shopped",
    ),
    (
        Topic::Fraud,
        "who is|who are ~ and why ~ take|took|taking|charge|charged|charging|debit*",
    ),
    (
        Topic::Dispute,
        "counterfeit|knockoff|knock off|not genuine|not authentic|sent me a fake|sent a fake|times the price|times what it should|going to my card company|going to my credit card company|going to my card issuer|not as described|not as advertised|nothing like the picture|nothing like the photo|nothing like the description|not paying for this|not paying for it|refuse to pay|refusing to pay|will not pay for",
    ),
    (
        Topic::Dispute,
        "claim|case|dispute ~ with ~ visa|mastercard|amex|american express|my bank|the bank|my card issuer|paypal",
    ),
    (
        Topic::Fraud,
        "landlord|seller|website|site|shop ~ was fake|is fake|was a scam|is a scam|was not real",
    ),
    (
        Topic::Dispute,
        "gone silent|went silent|they are ignoring me|theyre ignoring me|the company is ignoring me|the seller is ignoring me|nothing like what they promised|not what they promised|not as promised",
    ),
    (
        Topic::Dispute,
        "skickat tillbaka|returnerat|returnerade ~ fortfarande|fakturerar|krav|paminnelse",
    ),
    (
        Topic::Dispute,
        "nie angekommen|nicht angekommen|nie erhalten|nicht erhalten ~ abgebucht|bezahlt|geld|zahlen",
    ),
    (
        Topic::Dispute,
        "will es zuruck|will mein geld zuruck|mochte mein geld zuruck|will pengarna tillbaka|vill ha pengarna tillbaka|vill ha tillbaka pengarna",
    ),
    (
        Topic::Dispute,
        "organiser|organizer|seller|merchant|trader|retailer ~ is not answering|not answering|not responding|is not responding|will not respond|ignoring me|stopped answering|disappeared|vanished",
    ),
    (
        Topic::Dispute,
        "took|taken|taking|charged|charging|debited ~ want them back|want it back|want my money back|want that back",
    ),
    (
        Topic::Fraud,
        "auf meinem namen|auf meinen namen|in meinem namen|unter meinem namen|i mitt namn",
    ),
    (
        Topic::Fraud,
        "my son|my daughter|my kid|my child|my partner|my ex|my husband|my wife|my brother|my sister|my flatmate|my roommate ~ took|has been using|used|uses|is using|keeps using|buying|bought|ordering|ordered|spending|has been taking|keeps taking|is taking ~ my",
    ),
    (
        Topic::Fraud,
        "used|using|took|spent|bought ~ my card|my account|my details|my money ~ without",
    ),
    (
        Topic::Fraud,
        "dating site|dating app|romance scam|romance scams|romance scammer|romance fraud*|online romance|met online|met him online|met her online|met on tinder",
    ),
    (
        Topic::Fraud,
        "asked|told|instructed ~ me to buy|me to pay|me to send ~ gift card*|giftcard*|a release fee|a fee|a customs fee",
    ),
    (
        Topic::Fraud,
        "looked like yours|looks like yours|looked exactly like yours|like your website|copy of your|clone of your|url was different|different url|wrong url|spoof*",
    ),
    (
        Topic::Fraud,
        "release fee|unlock fee|clearance fee|was that you|was this you|is that you|is this you|was it you|is it really you",
    ),
    (Topic::Fraud, "identity ~ used|misused|was used"),
    (
        Topic::Fraud,
        "i did not|i never ~ place|placed|request|requested|sign up|signed up",
    ),
    (
        Topic::Fraud,
        "nagon|nan ~ har anvant|anvant|har tagit|tog|handlat ~ mitt|mina|med mitt|kortet",
    ),
    // Stolen or compromised.
    (
        Topic::StolenOrCompromised,
        "got into|gotten into|broke into|logged into ~ my account|my email|my app ~ changed|without",
    ),
    (
        Topic::StolenOrCompromised,
        "thief|thieves|burglar|burglars|robber|robbers|mugger|muggers",
    ),
    (
        Topic::StolenOrCompromised,
        "konto|kontot|account ~ ubernommen|gekapert|ubertagen",
    ),
    (
        Topic::StolenOrCompromised,
        // Not "steal" alone: "that price is a steal". Not "stolen" or
        // "stal" alone either: in Swedish "stolen" is "the chair" and "stål"
        // (steel) folds to "stal" (stole), so each needs English or Swedish
        // theft words beside it.
        "stole|stealing|steals|to steal|could steal|might steal|will steal|stulen|stulet|stulna|stulit|gestohlen|geklaut|snott|snodd|snodde|snodda",
    ),
    (
        Topic::StolenOrCompromised,
        "was stolen|were stolen|been stolen|got stolen|get stolen|gets stolen|getting stolen|is stolen|are stolen|has stolen|have stolen|had stolen|being stolen|be stolen|reported stolen|report stolen|my stolen|a stolen|our stolen|his stolen|her stolen|its stolen|it stolen|stolen card|stolen cards|stolen phone|stolen phones|stolen wallet|stolen purse|stolen bag|stolen handbag|stolen laptop|stolen identity|stolen details|stolen account|stolen money|stolen credit|stolen debit|stolen from|stolen by|stolen off|stolen out of|stolen on|stolen yesterday|stolen today|stolen last|stolen and|stolen please|stolen pls|card stolen|cards stolen|phone stolen|wallet stolen|purse stolen|bag stolen|identity stolen|details stolen|account stolen|money stolen|laptop stolen|id stolen|someone stolen|or stolen|lost stolen|missing stolen|stolen or|stolen lost",
    ),
    (
        Topic::StolenOrCompromised,
        "stal mitt|stal min|stal mina|stal kortet|stal pengar|stal pengarna|stal planboken|stal telefonen|stal mobilen|stal fran|stal mig|nagon stal|han stal|hon stal|de stal|dom stal|nan stal",
    ),
    (
        Topic::StolenOrCompromised,
        // Whole words in context, not prefixes: "hacka", "hackade tomater"
        // and "Hackfleisch" are chopping, "appen hackar" is lag, "kapad"
        // is cut to length, and shampoo leaks.
        "hacked|hacker|hackers|hack into|hack my|hacking into|hacking my|hacking attempt|hackerangriff*|hackare|hackarna|hackaren|blivit hackad|blivit hackat|blev hackad|blev hackat|har hackats|hackats|hackat mitt|hackat min|hackat mina|hackat mig|hackat kontot|ar hackat|ar hackad|compromised|data breach*|security breach*|account breached|account was breached|account has been breached|data breached|breached my|was leaked|were leaked|been leaked|got leaked|leaked online|leaked my|data leak*|details leaked|data leaked|password leaked|passwords leaked|info leaked|information leaked|leaked details|leaked data|leaked password*|leak of my|ar kapat|ar kapad|blivit kapat|blivit kapad|blev kapat|blev kapad|har kapats|kapats|kapat mitt|kapat min|kapade mitt|kapade min|gehackt",
    ),
    (
        Topic::StolenOrCompromised,
        "someone|someones|somebody|somebodys ~ access*|logged|log|into ~ my account",
    ),
    (
        Topic::StolenOrCompromised,
        "someone|someones|somebody|somebodys|stranger ~ changed|reset ~ my",
    ),
    (
        Topic::StolenOrCompromised,
        "someone|someones|somebody|somebodys|stranger ~ changed|reset ~ password|email|pin|login|phone number|details",
    ),
    (
        Topic::StolenOrCompromised,
        "someone|someones|somebody|somebodys|stranger ~ change|changes ~ my ~ password|email|pin|login|phone number",
    ),
    (
        Topic::StolenOrCompromised,
        "my ~ email|password|phone number|pin|login ~ was changed|has been changed|got changed|changed ~ and|but|without ~ it was not me|not me|not by me|i did not|i never",
    ),
    (
        Topic::StolenOrCompromised,
        "someone|someones|somebody|somebodys|stranger ~ knows|has|got|saw|stole ~ my ~ password|pin|code|details|login",
    ),
    (
        Topic::StolenOrCompromised,
        "someone|someones|somebody|somebodys ~ got into|broke into|hacked into ~ my",
    ),
    (
        Topic::StolenOrCompromised,
        "someone|someones|somebody|somebodys|stranger ~ logged in|signed in|log in|logging in",
    ),
    (
        Topic::StolenOrCompromised,
        "trying to|tried to ~ get into|access|log into|hack ~ my account|my app|my login|my email",
    ),
    (
        Topic::StolenOrCompromised,
        // Not "skimmed milk", a pool skimmer, nor a shop "taken over" by new
        // owners.
        "card skimmed|card was skimmed|been skimmed|got skimmed|was skimmed|were skimmed|skimmed my|card skimmer|a skimmer on|skimmer on the|skimming device|cloned|account takeover|takeover of my|taken over my",
    ),
    (
        Topic::StolenOrCompromised,
        "account|acc|accounts|profile|login|email ~ taken over|takeover",
    ),
    (
        Topic::StolenOrCompromised,
        "nagon|nan ~ har loggat in|loggat in|loggade in",
    ),
    (
        Topic::StolenOrCompromised,
        "jemand ~ eingeloggt|angemeldet|zugriff|zugegriffen",
    ),
    (
        Topic::StolenOrCompromised,
        "sich in mein konto|sich in meinem konto|sich in mein account ~ eingeloggt|angemeldet|gehackt",
    ),
    (
        Topic::StolenOrCompromised,
        "code|codes ~ i ~ did not|never ~ ask for|asked for|request*",
    ),
    (
        Topic::StolenOrCompromised,
        // Boots are "broken in", shoes pinch and a table top arrives
        // nicked: these need a theft beside them.
        "nicked my|got nicked|been nicked|was nicked|were nicked|someone nicked|somebody nicked|they nicked|someone pinched|somebody pinched|they pinched|snatched|robbed|mugged|burgled|pickpocket*|a break in|had a break in|house break in|break in at|broke into",
    ),
    (
        Topic::StolenOrCompromised,
        "pinched my ~ card|cards|wallet|purse|phone|bag|handbag|bike|keys|identity|details",
    ),
    (
        Topic::StolenOrCompromised,
        "card|cards|wallet|purse|phone|bag|handbag|bike|keys ~ got pinched|was pinched|been pinched|were pinched",
    ),
    (
        Topic::StolenOrCompromised,
        "phone|card|wallet|purse|bag|laptop ~ was|got|has been|have been ~ taken|took|nicked",
    ),
    (
        Topic::StolenOrCompromised,
        "card|wallet|purse ~ missing|is missing|went missing|gone missing",
    ),
    (
        Topic::StolenOrCompromised,
        "wallet|purse ~ gone|is gone|has gone",
    ),
    (
        Topic::StolenOrCompromised,
        "ipad|iphone|phone|laptop|computer|device|tablet ~ i have never owned|never owned|i do not own",
    ),
    (
        Topic::StolenOrCompromised,
        "pin|password|passcode|code ~ my ex|someone|somebody|a stranger|my partner|my flatmate ~ knows|saw|has seen|knows it",
    ),
    (
        Topic::StolenOrCompromised,
        "saw me type|watched me type|saw me enter|watched me enter|saw me put in|saw my pin|looked over my shoulder|shoulder surf*",
    ),
    // Swedish "ur" (out of) is read as English chat-speak "ur" (your) by
    // normalisation, so "ur min väska" arrives as "your min vaska".
    (
        Topic::StolenOrCompromised,
        "your min vaska|your min ficka|your min planbok|your fickan|your vaskan|aus meiner tasche|aus meiner handtasche|aus meinem portemonnaie|aus meiner geldborse",
    ),
    (
        Topic::StolenOrCompromised,
        "mein ex|meine ex|mein exfreund|meine exfreundin|mein exmann|meine exfrau|mitt ex|min ex ~ hat|har ~ sie noch|sie|meine karte|die karte|kortet|det kvar|mitt kort",
    ),
    (
        Topic::StolenOrCompromised,
        "sim swap*|simswap*|ported my number|number ported|number got ported|number was ported|number has been ported|ported to another network",
    ),
    (
        Topic::StolenOrCompromised,
        "code|codes|texts|otp|otps|verification ~ not logging in|not logged in|not trying to log in|did not request|never requested|did not ask for|never asked for",
    ),
    (
        Topic::StolenOrCompromised,
        "i am not logging in|i was not logging in|i am not trying to log in|i was not trying to log in|i did not try to log in|i did not log in|i have not logged in|i had not logged in",
    ),
    (
        Topic::StolenOrCompromised,
        "unknown|strange|unrecogni*|suspicious ~ device|login|log in|sign in|location",
    ),
    (
        Topic::StolenOrCompromised,
        "lost|lose ~ my ~ card|wallet|phone|purse",
    ),
    (
        Topic::StolenOrCompromised,
        "lost wallet|lost purse|lost phone|lost my wallet",
    ),
    (
        Topic::StolenOrCompromised,
        "says i logged in|says i signed in|shows i logged in|shows a login|says someone logged in|still use it|still using it|still has access|still have access",
    ),
    (
        Topic::StolenOrCompromised,
        "portemonnaie|portmonee|geldborse|geldbeutel|brieftasche|handtasche|handy|karte|bankkarte|kreditkarte|girokarte|girocard ~ ist weg|weg|verloren|verlegt",
    ),
    (
        Topic::StolenOrCompromised,
        "planboken|planbok|kortet|mobilen|telefonen|vaskan ~ ar borta|borta|forsvunnen|forsvann",
    ),
    (
        Topic::StolenOrCompromised,
        "sparra ~ mitt|mina|kortet|kontot",
    ),
    (
        Topic::StolenOrCompromised,
        "tappat|tappade ~ min|mitt|mina|bort min|bort mitt ~ kort|bankkort|mobil|telefon|planbok|vaska",
    ),
    // Round 55, fraud, theft and disputes in Swedish and German: the card
    // lost in the definite form ("tappade bort kortet"), money gone after
    // a link in a text, a fake shop's page, an invoice after a return.
    (
        Topic::StolenOrCompromised,
        "tappat|tappade|tappat bort|tappade bort|forlorat|blivit av med|blev av med ~ kortet|bankkortet|kreditkortet|mobilen|telefonen|planboken|vaskan",
    ),
    (
        Topic::Fraud,
        "lank|lanken ~ pengar dragits|pengarna dragits|dragits|pengar forsvunnit|pengarna forsvunnit|pengar tagits",
    ),
    (
        Topic::Fraud,
        "gefalschte|gefalschten ~ seite|webseite|website|shop|mail|sms ~ hereingefallen|reingefallen|kartendaten|eingegeben|bezahlt",
    ),
    (Topic::Fraud, "auf ~ hereingefallen|reingefallen"),
    (
        Topic::Dispute,
        "zuruckgeschickt|zuruckgesendet|rucksendung|retourniert|retoure ~ aber|trotzdem|dennoch ~ rechnung|mahnung|nicht storniert|berechnet|abgebucht",
    ),
    (
        Topic::StolenOrCompromised,
        "left ~ my phone|my wallet|my purse|my bag ~ in a taxi|in a cab|on the bus|on the train|in an uber|in a bar|in a restaurant|on a train|on a bus",
    ),
    (
        Topic::StolenOrCompromised,
        "alert|notification|warning ~ about|of|for ~ a login|a new login|a log in|a sign in|new device|a new device|login",
    ),
    // Disputes and chargebacks.
    (
        Topic::Dispute,
        "box of rocks|empty box|a brick in|bricks in the box|seller will not answer|seller wont answer|seller is not answering|seller not answering|seller not responding",
    ),
    (
        Topic::Dispute,
        "can you force them|could you force them|force the shop|force the seller|force the merchant",
    ),
    (
        Topic::Dispute,
        "want this investigated|want it investigated|please investigate|open an investigation|want an investigation",
    ),
    // Round 25: a trader who took the money and never came.
    (
        Topic::Dispute,
        "claw it back|claw back|claw the money back|claw my money back",
    ),
    (
        Topic::Dispute,
        "deposit ~ never turned up|never showed up|did not turn up|did not show up|never came|disappeared|vanished",
    ),
    (
        Topic::Dispute,
        "disput*|chargeback*|charge back|charge it back|charging it back|charged it back|contest the|contest a|contest my|contest it|contest this charge|contest this payment|contest this transaction|contest this invoice|contest this bill|contesting|contested|to contest|rueckbuch*|ruckbuch*|zuruckbuch*|zuruckgebucht|zuruckgeholt|zuruckgefordert|widersprech*|widerspruch|bestrid*|reklamier*|reklamera*",
    ),
    (
        Topic::Dispute,
        "challeng* ~ payment*|charge*|transaction*|this|it",
    ),
    (
        Topic::Dispute,
        "open|file|make|raise|start|opened|filed|made|raised ~ a claim|a case|a dispute",
    ),
    (
        Topic::Dispute,
        "refuse*|refusing|ignor* ~ to refund|refund*|to return|return*|exchang*|replace*|my claim|my return|my complaint|to give my money back|to give me my money back|to give back",
    ),
    (
        Topic::Dispute,
        "do not agree|disagree ~ with ~ this|the|charge*|payment*|amount|invoice|bill",
    ),
    (
        Topic::Dispute,
        "want|need ~ it|this|the charge|the payment ~ reversed",
    ),
    (
        Topic::Dispute,
        "still ~ want money|want money off me|want money from me|being billed|getting billed|want me to pay|wants me to pay|ask me to pay|asks me to pay|asking me to pay|charging me|billing me|invoicing me|demanding|charged me|billed me|invoiced me|took my money|took the money|sent an invoice|sent me an invoice|sent a bill|sent me a bill|sent a reminder|sent me a reminder",
    ),
    (
        Topic::Dispute,
        "i do not pay|i will not pay|i am not paying|i refuse to pay|i am not going to pay|not going to pay for",
    ),
    (
        Topic::Dispute,
        "billed|charged|invoiced ~ for a return|for the return|for my return|for something i returned|for an item i returned|for items i returned",
    ),
    (
        Topic::Dispute,
        "money back through you|money back via you|refund through you|claim through you|why should i pay|why would i pay",
    ),
    (
        Topic::Dispute,
        "charged|billed|debited|charging|billing|charge ~ after|even though|although|but ~ i cancelled|i canceled|cancelled|canceled|i returned|returned",
    ),
    (
        Topic::Dispute,
        "charged|billed|charging|billing|paying|pay|charge* ~ cancelled subscription|canceled subscription|subscription i cancelled|subscription i canceled|subscription i already cancelled|subscription that i cancelled",
    ),
    // Round 42: charged for an order cancelled long ago ("will I be charged
    // for the order I cancelled?" is a question the bot answers).
    (
        Topic::Dispute,
        "been charged|was charged|got charged|still charged|still being charged|charged me|billed me|took money|taken money ~ order i cancelled|order i canceled|order that i cancelled|order that i canceled|order i already cancelled|order i already canceled|order i had cancelled|order i had canceled",
    ),
    (
        Topic::Dispute,
        "says|said|shows|showed|marked|marked as ~ delivered ~ but|and ~ never|not|did not|have not|nothing",
    ),
    (
        Topic::Dispute,
        "you want payment|you want me to pay|you want my money|still want payment|want payment for",
    ),
    (
        Topic::Dispute,
        "ich zahle das nicht|zahle ich nicht|ich zahle nicht|ich bezahle das nicht|bezahle ich nicht|ich werde nicht zahlen|ich werde nicht bezahlen|vagrar betala|tanker inte betala|jag betalar inte|kommer inte betala|kommer inte att betala",
    ),
    (
        Topic::Dispute,
        "arrived empty|empty box|empty package|empty parcel|box was empty|package was empty|parcel was empty",
    ),
    (
        Topic::Dispute,
        "paid the full|already paid|paid already|paid in full|paid it all ~ but|yet|still ~ charg*|bill*|invoic*|remind*|instalment*|installment*|asking|want*",
    ),
    (
        Topic::Dispute,
        "zuruckgeschickt|zuruckgesendet|retourniert|zuruckgegeben ~ trotzdem|aber|dennoch ~ mahnung|rechnung|zahlungserinnerung|zahlen|bezahlen",
    ),
    (
        Topic::Dispute,
        "skickat tillbaka|skickade tillbaka|returnerat|returnerade ~ men|anda ~ paminnelse*|faktura*|betala|krav*",
    ),
    (
        Topic::Dispute,
        "aldrig fatt|aldrig fick|aldrig kommit|aldrig kom ~ men|anda ~ betala|faktura*|paminnelse*|krav*",
    ),
    (
        Topic::Dispute,
        "vagrar ~ ta tillbaka|aterbetala|byta|ersatta|betala tillbaka",
    ),
    (
        Topic::Dispute,
        "weigert sich|weigerte sich|verweigert ~ zuruck*|erstatt*|geld|umtausch*",
    ),
    (
        Topic::Dispute,
        "nie angekommen|nicht angekommen|nie erhalten|nie bekommen ~ trotzdem|aber ~ zahlen|bezahlen|rechnung|mahnung",
    ),
    (
        Topic::Dispute,
        "shop|store|seller|merchant|company|retailer|they ~ went bust|gone bust|out of business|went under|gone under|closed down|went bankrupt",
    ),
    (
        Topic::Dispute,
        "raise|report|raising|reporting ~ an issue with|a problem with ~ a|the ~ merchant|seller|shop|store|retailer",
    ),
    (
        Topic::Dispute,
        "sold me ~ a broken|broken|a fake|fake|counterfeit|a damaged|damaged|a faulty|faulty|defective",
    ),
    (Topic::Dispute, "double ~ charged|billed|charge|payment"),
    (
        Topic::Dispute,
        "charged|billed|paid|debited|taken ~ 2x|x2|2 times|3x|3 times|three times",
    ),
    (
        Topic::Dispute,
        "counterfeit*|knockoff|knock off|item was fake|product was fake|it was fake|they are fake|it is fake|is a fake|was a fake",
    ),
    (
        Topic::Dispute,
        "refund|return|claim ~ denied|refused|rejected|turned down",
    ),
    (
        Topic::Dispute,
        "aterbetalningskrav|aterkrav|dubbeldebit*|dubbeldrag*|dubbelbetal*",
    ),
    (
        Topic::Dispute,
        "debiterad*|dragits|dragit|betalat|betalade|betalt ~ tva ganger|dubbelt",
    ),
    (
        Topic::Dispute,
        "doppelt|zweimal ~ belastet|abgebucht|bezahlt|berechnet",
    ),
    (
        Topic::Dispute,
        // A payment must have gone out twice, not merely failed twice.
        "took|taken|taking|debited ~ twice|two times",
    ),
    (
        Topic::Dispute,
        "payment ~ made|shows|show|showing|completed|taken|went|came|appears|appeared|appearing|charged|debited|processed|listed ~ twice|two times",
    ),
    (
        Topic::Dispute,
        "revers* ~ payment*|charge*|transaction* ~ bank|credit card|card company|card issuer",
    ),
    (
        Topic::Dispute,
        "reverse|cancel ~ the|this ~ charge|transaction",
    ),
    (
        Topic::Dispute,
        "charged|billed|paid ~ twice|double|two times",
    ),
    (Topic::Dispute, "bank ~ reclaim|claim|refund ~ it|the money"),
    (
        Topic::Dispute,
        "refund|money back ~ via|through|from ~ my bank|the bank|my card issuer",
    ),
    (
        Topic::Dispute,
        "bank|card issuer|card company|paypal ~ claw*|reclaim*|recover*|take back|get back|get my money back|get the money back",
    ),
    (
        Topic::Dispute,
        "revers* ~ by|through|with ~ my bank|the bank|my card issuer|my credit card",
    ),
    // Financial hardship and debt.
    // Round 48: pay later for food, too many plans to keep up with,
    // borrowing from one to pay another, a hole to climb out of.
    (
        Topic::FinancialHardship,
        "for food|for groceries|to buy food|for the food shopping|for food shopping ~ nothing left|no money left|had nothing|cannot afford|could not afford",
    ),
    (
        Topic::FinancialHardship,
        "nothing left|no money left|cannot afford|can not afford ~ for food|to eat|for groceries|food",
    ),
    (
        Topic::FinancialHardship,
        "plans|loans|payments|bills|debts|credit cards|instalments ~ cannot keep up|can not keep up|struggling to keep up|falling behind",
    ),
    (
        Topic::FinancialHardship,
        "borrowing from one to pay|borrow from one to pay|borrowing to pay off|borrowing to pay back|robbing peter|spiral of debt|debt spiral|hole i cannot|hole i can not|climb out of this|dig myself out|into a financial hole|in a financial hole|got me into a hole|in a hole financially",
    ),
    // Round 32: hardship told as what it has already cost.
    (
        Topic::FinancialHardship,
        "had to move|have had to move ~ in with my parents|back in with my parents|back home|in with family|to save money",
    ),
    (
        Topic::FinancialHardship,
        "chased by|hounded by|harassed by ~ creditors|lenders|debt collectors|collectors",
    ),
    (
        Topic::FinancialHardship,
        "living off|living on|surviving on ~ my overdraft|overdraft|credit cards|my credit card|payday loans|loans",
    ),
    (
        Topic::FinancialHardship,
        "brokee*|broke ~ pay next month|next month instead|till payday|until payday|pay later",
    ),
    (
        Topic::FinancialHardship,
        "will bounce|going to bounce|gonna bounce|about to bounce|am going under|going under financially",
    ),
    (
        Topic::FinancialHardship,
        "verschuldet|uberschuldet|skuldsatt",
    ),
    (
        Topic::FinancialHardship,
        "all i can manage|all i can afford|all i can pay|all i have left|is all i have",
    ),
    (
        Topic::FinancialHardship,
        "debt*|bankrupt*|insolven*|privatinsolvenz|verbraucherinsolvenz|schuldnerberatung|skuldsanering|bailiff*|hardship|inkasso|kronofogd*|skuld*|schulden|pfandung|pleite|geldsorgen|pank",
    ),
    (Topic::FinancialHardship, "cannot|can not|unable ~ afford"),
    (
        Topic::FinancialHardship,
        "cannot|can not|unable ~ pay|make|keep up ~ rent|bills|back|instalment*|installment*|repayment*|the next|my next|what i owe|on time|my payments|the payments|this month|this time|anything",
    ),
    (
        Topic::FinancialHardship,
        "cannot|can not|unable|not able to|struggl* ~ keep up with payments|keep up with repayments|keep up with bills|keep up with my payments",
    ),
    (
        Topic::FinancialHardship,
        "struggl*|trouble|difficult* ~ to pay|paying|with money|financially|financial*",
    ),
    (
        Topic::FinancialHardship,
        "struggl* ~ bills|rent|my payments|the payments|payments",
    ),
    (Topic::FinancialHardship, "lost ~ my ~ job|jobb|income"),
    // Round 49: someone else's lost job, written by family.
    (
        Topic::FinancialHardship,
        "lost his job|lost her job|lost their job|lost his income|lost her income ~ and|so|now|cannot|can not|because|last|this|recently",
    ),
    (
        Topic::FinancialHardship,
        "lost job|lost our jobs|lost my work|lost work",
    ),
    (
        Topic::FinancialHardship,
        "time to pay|extension|extend|postpone|delay ~ i am struggling|struggling|broke|skint|short on money|cannot afford|lost my job",
    ),
    (
        Topic::FinancialHardship,
        "uppsagd|varslad|permitterad|gekundigt|entlassen|knapp bei kasse|knapp mit geld|knapp mit dem geld|ont om pengar|luspank|in dept|so much dept|dept collector*",
    ),
    (
        Topic::FinancialHardship,
        "universal credit|food bank|food banks|foodbank*|income support|jobseeker*|socialbidrag|forsorjningsstod|burgergeld|nothing in my account|nothing left in my account|account is empty",
    ),
    (
        Topic::FinancialHardship,
        "falling|fallen|fell|getting|got ~ behind",
    ),
    (
        Topic::FinancialHardship,
        "too many ~ payment plans|loans|debts|credit cards|bills",
    ),
    (
        Topic::FinancialHardship,
        "instalments|installments|payments|repayments|bills ~ are too much|too much|too high|unaffordable",
    ),
    (
        Topic::FinancialHardship,
        "pay a bit less|pay a little less|pay a lower amount|smaller instalments|smaller installments|smaller payments",
    ),
    (
        Topic::FinancialHardship,
        "at a bad time|pay less|pay a smaller|lower my payment|lower my payments|reduce my payment|reduce my payments|racker inte|rakte inte|nicht hinterher|im ruckstand|i am ruckstand|in verzug",
    ),
    (
        Topic::FinancialHardship,
        "payday loan*|pawn shop*|pawnshop*|pawned|pawning|pawn my|pawn it|pawnbroker*|loan shark*|overcommitted|over committed|overstretched|over stretched|overextended|in over my head|one income|single income|spent everything|spent all my money|lost everything",
    ),
    (
        Topic::FinancialHardship,
        "choos*|pick*|decide|deciding ~ between ~ paying|pay|rent|food|eating|heating|feeding|bills",
    ),
    (
        Topic::FinancialHardship,
        "feed* ~ my kids|my children|my family|the kids|the children|ourselves",
    ),
    (
        Topic::FinancialHardship,
        "my business|our business|my company|our company ~ went bust|went under|failed|collapsed|closed|went bankrupt",
    ),
    (
        Topic::FinancialHardship,
        "salary|wages|paycheck|paycheque|payday|pension|benefits ~ late|delayed|not arrived|not come|not paid",
    ),
    (
        Topic::FinancialHardship,
        "tight spot|tough spot|rough patch|payment holiday|payment break|breathing space|breathing room",
    ),
    (
        Topic::FinancialHardship,
        // Not "pause": a pay-later checkout pauses payments during a return.
        "freeze|suspend ~ my|the ~ instalments|installments|payments|repayments|payment plan",
    ),
    (
        Topic::FinancialHardship,
        "redundan*|laid off|unemployed|out of work|on benefits|arbetslos*|arbeitslos*",
    ),
    (
        Topic::FinancialHardship,
        "money|moneys|finances|budget ~ is tight|tight|is short|short|stretched",
    ),
    (
        Topic::FinancialHardship,
        "we cannot keep up|i cannot keep up|cannot keep up with*|had to stop working|had to quit|gave up work|give up work|rent went up|rent has gone up|behind on everything|everything is behind|fees on fees|fees upon fees|fees piling up|fees keep piling|interest on interest|loan has not come in|wages have not come|salary has not come|payday is not until",
    ),
    (
        Topic::FinancialHardship,
        "cannot|can not|struggling to|struggle to ~ juggle|juggling",
    ),
    (
        Topic::FinancialHardship,
        "skipping meals|skip meals|going without food|going without meals|cannot pay anything|can not pay anything|cannot pay a thing|to collections|in collections|collection agency|collections agency",
    ),
    (
        Topic::FinancialHardship,
        "rate|raten|rechnung ~ diesen monat|nachsten monat|im moment|i am moment|gerade ~ nicht zahlen|nicht bezahlen",
    ),
    (
        Topic::FinancialHardship,
        "finanziellen notlage|finanzielle notlage|notlage|geldnot|zahlungsschwierigkeit*|ingen inkomst|utan inkomst|ingen lon|inga pengar kvar",
    ),
    (
        Topic::FinancialHardship,
        "put me over the edge|push me over the edge|tip me over the edge|unforeseen circumstances|change in circumstances|change of circumstances|change in my circumstances",
    ),
    (
        Topic::FinancialHardship,
        "unable to meet|cannot meet|can not meet|not able to meet ~ instalment|payment|repayment|my payments|the payments",
    ),
    (
        Topic::FinancialHardship,
        "nothing left until|nothing left till|got nothing left|have nothing left|no money left|no money until|between jobs|no income|without a job|lost my income|things are really bad|things are bad right now|things are bad at the moment|things are tough|hard times|tough times|going through a difficult|going through a tough|going through a hard|going through a rough",
    ),
    (
        Topic::FinancialHardship,
        "bills|debts|arrears ~ piling up|are piling up|stacking up|mounting|keep coming",
    ),
    (
        Topic::FinancialHardship,
        "only money i have|the last money i have|all the money i have left|money for food|money i have for food|cannot afford food|cannot buy food|can not afford food|loan shark*|garnished|garnishment|garnishee|garnish my|garnishing my|garnish wages|garnish my wages|attachment of earnings",
    ),
    (
        Topic::FinancialHardship,
        "maternity leave|paternity leave|parental leave|sick pay|statutory sick pay|off sick|signed off work|cannot work|can not work|unable to work|not able to work|sjukskriven|sjukskrivning|krankgeschrieben|elternzeit|foraldraledig",
    ),
    (Topic::FinancialHardship, "short|tight ~ on|of ~ money|cash"),
    (
        Topic::FinancialHardship,
        "skint|penniless|hard up|strapped for cash|overdrawn|in arrears|arrears|make ends meet|kein geld|drowning in|i am drowning|we are drowning|drowning financially|money problems|money troubles|money worries|money issues",
    ),
    (
        Topic::FinancialHardship,
        "financial* ~ difficult*|trouble|problem*|crisis|struggl*",
    ),
    (Topic::FinancialHardship, "barely|hardly ~ afford|pay"),
    (
        Topic::FinancialHardship,
        "no income|no wages|no salary|lost income|geldprobleme|geldnot|zahlungsschwierigkeit*",
    ),
    (
        Topic::FinancialHardship,
        "between ~ food|eating|heating|rent ~ and|or",
    ),
    (
        Topic::FinancialHardship,
        "svart|tufft|knapert|kampigt ~ att betala|ekonomiskt|med pengar*|med betalning*",
    ),
    (
        Topic::FinancialHardship,
        "finanziell* ~ probleme|schwierigkeiten|not|engpass",
    ),
    (
        Topic::FinancialHardship,
        "do not have|have no|not got|have not got|aint got ~ the money|money|funds ~ to pay|for the|for my|for this",
    ),
    (
        Topic::FinancialHardship,
        "hard|tough|difficult|struggling ~ financially",
    ),
    (
        Topic::FinancialHardship,
        "forlorat|forlorade|mist|mistat ~ jobbet|mitt jobb|arbetet|min inkomst",
    ),
    (
        Topic::FinancialHardship,
        "job|arbeit|arbeitsplatz|stelle|einkommen ~ verloren",
    ),
    (
        Topic::FinancialHardship,
        "not be able to ~ pay|make|afford|keep up ~ payment*|instalment*|installment*|repayment*|rent|bills|this month*|the next|my next|what i owe|on the due date|by the due date|in time",
    ),
    (
        Topic::FinancialHardship,
        "not|no ~ enough ~ money ~ to pay|for food|for rent|to live",
    ),
    (
        Topic::FinancialHardship,
        "wages|salary|hours|income|benefits ~ cut|reduced|stopped|slashed|dropped|fell|went down",
    ),
    (
        Topic::FinancialHardship,
        "klarar inte|orkar inte|har inte rad ~ betala|att betala|av att betala",
    ),
    (
        Topic::FinancialHardship,
        "behind ~ on|with ~ payment*|bills|rent",
    ),
    // Not "broke" alone: "the zip broke after one wash".
    (
        Topic::FinancialHardship,
        "no money|out of money|i am broke|am broke|so broke|flat broke|totally broke|completely broke|broke till|broke until|broke af",
    ),
    (
        Topic::FinancialHardship,
        "har inte rad|kan inte betala|inga pengar",
    ),
    (
        Topic::FinancialHardship,
        "kann ~ nicht ~ zahlen|bezahlen|leisten",
    ),
    // Bereavement.
    (
        Topic::Bereavement,
        "died|passed away|passed ~ his account|her account|his card|her card|his plan|her plan|his order|her order",
    ),
    (
        Topic::Bereavement,
        "rip mum|rip mom|rip dad|rip grandma|rip grandad|rip grandpa|rip nan|rip nana|rest in peace",
    ),
    (
        Topic::Bereavement,
        "begravt|begravning*|beerdigt|beerdigung|begraben",
    ),
    (
        Topic::Bereavement,
        "we buried|buried my|since the funeral|after the funeral|at the funeral",
    ),
    (
        Topic::Bereavement,
        "passed away|deceased|bereave*|funeral|begravning|beerdigung|verstorben*|gestorben|avliden|gatt bort",
    ),
    (
        Topic::Bereavement,
        "my|our ~ husband|wife|mother|father|mom|mum|dad|son|daughter|child|baby|partner|brother|sister|grandmother|grandfather|grandma|grandpa|grandad|nan|aunt|uncle|fiance*|friend ~ died|passed|is dead|has died !~ test|tests|exam|exams|driving|theory|gcse|gcses|degree|course|interview|probation|inspection|mot|audition|assessment|finals",
    ),
    (
        Topic::Bereavement,
        "lost ~ my|our ~ husband|wife|mother|father|mom|mum|dad|son|daughter|child|baby|partner|brother|sister|grandmother|grandfather|grandma|grandpa|nan|aunt|uncle|fiance*",
    ),
    (
        Topic::Bereavement,
        "mamma|pappa|mor|far|fru|make|maka|son|dotter|barn|bror|syster|sambo ~ dog|har dott|dott|gick bort|har gatt bort|avled|har avlidit",
    ),
    (
        Topic::Bereavement,
        "min|mitt ~ man ~ dog|har dott|dott|gick bort|har gatt bort|avled|har avlidit",
    ),
    (
        Topic::Bereavement,
        "death|dodsfall|todesfall ~ of|in ~ my|the|our|family",
    ),
    (
        Topic::Bereavement,
        "my ~ mother*|father*|husband*|wife*|mum*|mom*|dad*|partner*|son|sons|daughter*|brother*|sister* ~ death|funeral",
    ),
    (
        Topic::Bereavement,
        "my late ~ mother*|father*|husband*|wife*|mum*|mom*|dad*|partner*|son|sons|daughter*|brother*|sister*|grandmother*|grandfather*|aunt*|uncle*",
    ),
    (
        Topic::Bereavement,
        "executor|probate|estate of|next of kin|someone who died|who has died|who passed away",
    ),
    (
        Topic::Bereavement,
        "no longer with us|not with us anymore|not with us any more|lost her battle|lost his battle|lost their battle",
    ),
    (
        Topic::Bereavement,
        "he|she ~ died|has died|passed away|past away|passed|passed on",
    ),
    (
        Topic::Bereavement,
        "mann|frau|vater|mutter|sohn|tochter|oma|opa|bruder|schwester|partner|partnerin ~ ist tot|tot",
    ),
    (
        Topic::Bereavement,
        "husband|wife|mother|father|mum|mom|dad|son|daughter|child|baby|partner|boyfriend|girlfriend|brother|sister|grandmother|grandfather|nan|grandma|grandpa ~ died|has died|passed away|past away|is dead",
    ),
    (
        Topic::Bereavement,
        "was killed|were killed|killed in an accident|died in an accident",
    ),
    (
        Topic::Bereavement,
        "who had this account|account holder|whose account ~ died|passed|has died|passed away|is dead",
    ),
    (
        Topic::Bereavement,
        "stillbirth|stillborn|miscarriage|miscarried|lost the baby|lost our baby",
    ),
    (
        Topic::Bereavement,
        "took his own life|took her own life|took their own life|killed himself|killed herself|died by suicide !~ laughing|with laughter",
    ),
    // Vulnerability.
    // Round 48: compulsive spending, addiction and asking to be kept from
    // credit; fear of a partner; a minor who has used credit.
    (
        Topic::Vulnerability,
        "cannot control my spending|can not control my spending|spending is out of control|spending out of control|block me from buying|block me from using|ban me from using|exclude me from credit|exclude me from pay later|self exclusion|self exclude|shopping addiction|addicted to shopping|compulsive spending|compulsive shopping|problem with alcohol|alcohol problem|drinking problem|alcoholic|gambling problem|gambling addiction|problem gambler|recovering gambler",
    ),
    (
        Topic::Vulnerability,
        "frightened|scared|afraid|terrified ~ of what he will do|of what hell do|of what he ll do|of what she will do|of what shell do|of what he might do|of what she might do|of my husband|of my partner|of my boyfriend|of my wife|of my ex",
    ),
    (
        Topic::Vulnerability,
        "i am 14 can i|i am 15 can i|i am 16 can i|i am 17 can i ~ pay later|credit|instalment*|loan|finance",
    ),
    (
        Topic::Vulnerability,
        "keeps giving|keeps handing|keeps telling|keeps reading out ~ her card|his card|card details|bank details|her pin|his pin",
    ),
    (
        Topic::Vulnerability,
        "i am 13|i am 14|i am 15|i am 16|i am 17 ~ used|using|took|take ~ card|account|money",
    ),
    (
        Topic::Vulnerability,
        "sectioned|psychiatric ward|psych ward|mental health unit|mental health ward",
    ),
    (
        Topic::Vulnerability,
        "disabled|disability|dementia|alzheimer*|carer|caregiver|funktionsnedsattning|behinderung|schwerbehindert*",
    ),
    (Topic::Vulnerability, "mental ~ health|illness"),
    (
        Topic::Vulnerability,
        "cancer|chemo*|terminally|terminal illness|seriously ill|deaf|wheelchair|depress*|anxiety|learning disabilit*|learning difficult*",
    ),
    // Blindness in words about a person: a "roller blind" is routine.
    (
        Topic::Vulnerability,
        "am blind|is blind|are blind|was blind|registered blind|legally blind|partially blind|going blind|blind person|blind people|blind user|blind customer|blind mother|blind mum|blind mom|blind dad|blind father|blind wife|blind husband|blind son|blind daughter|blind partner|blind friend|ar blind|bin blind|ist blind",
    ),
    (
        Topic::Vulnerability,
        "cannot|can not ~ cope|handle this|take this",
    ),
    (
        Topic::Vulnerability,
        "overwhelmed|breaking point|panic attack*|vulnerab*|brain injury|head injury",
    ),
    (
        Topic::Vulnerability,
        "sjuk|sjukhus*|sjukskriv*|psykisk*|mar daligt|deprimerad|angest|krank|krankenhaus|klinik|depression|depressiv|psychisch*",
    ),
    (
        Topic::Vulnerability,
        "autis*|adhd|special needs|partially sighted|visually impaired|hard of hearing|hearing impaired|had a stroke|has had a stroke|after a stroke|from a stroke|suffered a stroke|since my stroke|since his stroke|since her stroke|stroke survivor|fatt en stroke|fick en stroke|efter en stroke|efter sin stroke|schlaganfall*|heart attack|bipolar|schizo*|ptsd|eating disorder|addict*",
    ),
    (
        Topic::Vulnerability,
        "being ~ forced|pressured|coerced|threatened|blackmailed|controlled",
    ),
    (
        Topic::Vulnerability,
        "pressured|pushed|talked|forced|bullied|tricked ~ into",
    ),
    (
        Topic::Vulnerability,
        "caring for|looking after|care for ~ my ~ sick|disabled|elderly|ill|dying",
    ),
    (
        Topic::Vulnerability,
        "makes me|forces me|force me|made me|controls my ~ buy|pay|send|take out|borrow|money",
    ),
    (
        Topic::Vulnerability,
        "controls|controlling|control ~ all my|all our|my|our ~ money|finances|wages|benefits|bank account",
    ),
    (Topic::Vulnerability, "domestic ~ abuse|violence"),
    (
        Topic::Vulnerability,
        "zwingt mich|zwang mich|gezwungen|erpresst|tvingar mig|tvingade mig|tvingad",
    ),
    (
        Topic::Vulnerability,
        "bed rest|housebound|house bound|dyslexi*|illiterate|do not read well|cannot read well|trouble reading|difficulty reading|cannot read|can not read|hjarnskada|forvirrad|hirnschaden|verwirrt|demens|demenz",
    ),
    (
        Topic::Vulnerability,
        "parkinson*|multiple sclerosis|epilep*|chronically|long covid|fibromyalgia|motor neurone|surgery|recovering from|bedridden|hospitalised|hospitalized|intensive care|power of attorney|fullmakt|vollmacht",
    ),
    (
        Topic::Vulnerability,
        "on behalf of ~ my|our ~ mother|father|mum|mom|dad|grand*|son|daughter|husband|wife|partner|parent*|brother|sister",
    ),
    (
        Topic::Vulnerability,
        "threatens me|threatened me|threatening me|threatens to|hurts me|hits me|hit me|beats me|afraid of him|afraid of her|scared of him|scared of her",
    ),
    (
        Topic::Vulnerability,
        "gambl*|betting addiction|spelberoende|spelmissbruk|spielsucht*|in a shelter|womens shelter|homeless shelter|at a shelter|from a shelter|in shelter|refuge|safe house|kvinnojour*|frauenhaus|address hidden|hide my address|protected address|skyddad identitet|tumour|tumor|memory loss|memory is bad|memory problems|elderly|pensioner|senior citizen",
    ),
    (
        Topic::Vulnerability,
        "grandson|granddaughter|grandchildren|grandkids ~ helps|help|usually|normally|does",
    ),
    (
        Topic::Vulnerability,
        "english|swedish|german ~ is not good|not good|is bad|is poor|is not very good|is limited",
    ),
    (
        Topic::Vulnerability,
        "forcing|forced|threaten*|pressur* ~ me|him|her ~ to pay|to buy|to send",
    ),
    (Topic::Vulnerability, "in|out of ~ hospital|a care home"),
    (
        Topic::Vulnerability,
        "starting to forget|forgetting things|forget things|memory problems|memory loss|power of attorney|trusted person|my mental health|mental health problems|mental health issues",
    ),
    (
        Topic::Vulnerability,
        "dement|demenz|gehorlos|pflegeheim|im krankenhaus|i am krankenhaus|aldreboende|pa sjukhus",
    ),
    // Round 56, the quieter topics in Swedish and German: sight loss, a
    // guardian ("god man", "gesetzlicher Betreuer"), a protected address, a
    // husband who controls the money, food unaffordable, an estate
    // ("dödsbo", "Erbschein"; not "Nachlass", which is also a discount),
    // "under all kritik", a lawyer in touch.
    (
        Topic::Vulnerability,
        "synskad*|synnedsattning|horselskad*|sehbehindert*|schwerhorig*|ar god man|som god man|god man for|god man at|forvaltare for|framtidsfullmakt|gesetzlicher betreuer|gesetzliche betreuerin|betreuer meiner|betreuer meines|betreuerin meiner|betreuerin meines|vorsorgevollmacht|skyddat boende|skyddade boende|skyddad adress|sekretessmarkering|skyddade personuppgifter|auskunftssperre",
    ),
    (
        Topic::Vulnerability,
        "kontrollerar|kontrollerade|styr|kontrolliert|kontrollierte ~ min ekonomi|mina pengar|all min ekonomi|vara pengar|mein geld|meine finanzen|unser geld|mein konto",
    ),
    (
        Topic::FinancialHardship,
        "knappt rad|inte rad med mat|rad med mat|rad med hyran|pengar till mat|pengar till hyran|gar inte runt|gar inte ihop|nicht uber die runden|nicht mehr uber die runden|kaum uber die runden|kaum noch uber die runden|kein geld fur essen|kein geld fur lebensmittel|kein geld mehr fur",
    ),
    (
        Topic::Bereavement,
        "dodsbo*|arvinge|arvingar|bouppteckning*|erbschein|nachlassverwalter*|nachlassgericht|nachlasspfleger*|testamentsvollstrecker*|als erbe|als erbin|bin erbe|bin erbin|die erben|erbengemeinschaft",
    ),
    (
        Topic::Complaint,
        "under all kritik|bedrovlig service|skandalost bemotande|uselt bemotande|massiv enttauscht|masslos enttauscht|zutiefst enttauscht",
    ),
    (
        Topic::LegalThreat,
        "en jurist|min jurist|var jurist|juristen|juridisk hjalp|juridiskt ombud|rechtsanwalt*|anwaltskanzlei|rechtsbeistand|rechtsschutzversicherung",
    ),
    (
        Topic::Vulnerability,
        "not good with computers|not good with technology|not good with tech|not very good with computers|not computer literate|not tech savvy|struggle with technology|struggle with computers|violent relationship|abusive relationship|abusive partner|violent partner|abusive husband|violent husband|abusive wife|he hits me|she hits me|he beats me|reads my messages|checks my phone|monitors my phone",
    ),
    (
        Topic::Vulnerability,
        "will not give me access|will not let me access|will not give me back|locked me out of my own|keeps me out of my",
    ),
    // Round 58, understatement and sarcasm: "he checks every purchase I
    // make", "my memory isn't what it was", a phone "gone walkabout",
    // orders placed "while I was asleep" (with the order beside it: the
    // alibi alone is a delivery story as often).
    (
        Topic::Vulnerability,
        "checks every purchase|checks everything i buy|checks all my purchases|checks my spending|monitors my spending|controls my money|controls my spending|controls the money|tracks my spending|goes through my statements|memory is not what it was|memory is not what it used to be|memory isnt what it used to be|my memory is going|memory is getting worse|i am getting forgetful|i am becoming forgetful",
    ),
    (
        Topic::StolenOrCompromised,
        "my phone|my card|my cards|my bank card|my wallet|my purse|my laptop ~ gone walkabout|gone missing|went missing",
    ),
    (
        Topic::Fraud,
        "ordered|bought|purchased|spent|charged|payment|payments ~ while i was asleep|while i was sleeping|while i slept|in my sleep",
    ),
    (
        Topic::Vulnerability,
        "care home|nursing home|residential home|assisted living|fled|fleeing|had to flee|womens refuge|a refuge|womens shelter|safe house|homeless|sleeping rough|no fixed address|living in my car|sofa surfing|couch surfing",
    ),
    (
        Topic::Vulnerability,
        "cannot|can not|unable to|not able to ~ buy|afford|get|pay for ~ my insulin|insulin|my medication|medication|my medicine|medicine|my prescription|prescription|my inhaler",
    ),
    (
        Topic::Vulnerability,
        "being made to|been made to|being forced to|been forced to|pressured into|pressured me into ~ withdraw|take out|take money|send|pay|buy|transfer|borrow|sign",
    ),
    (
        Topic::Vulnerability,
        "gambling problem|gambling addiction|addicted to gambling|gambling habit|problem gambler|relaps*|manic|mania|bipolar episode|spielsucht|spelberoende|spelmissbruk",
    ),
    (
        Topic::Vulnerability,
        "terminally ill|terminal illness|terminal cancer|palliative|hospice|weeks to live|months to live|been given weeks|been given months|before i die|diagnosed|diagnosis|deaf",
    ),
    (
        Topic::Vulnerability,
        "divorce*|going through a separation|separated from",
    ),
    (Topic::Vulnerability, "abus*|coerc*|exploit*"),
    (
        Topic::Vulnerability,
        "not my first language|not a native speaker|my english is not good|my english is bad|my english is not so good|my english is not very good|do not understand this letter|cannot understand this letter|cannot read this letter|refugee|asylum seeker|learning difficult*|learning disabilit*|support worker",
    ),
    // A minor with a credit agreement; a minor's questions about age limits
    // are routine (BANKING77's `age_limit`).
    (
        Topic::Vulnerability,
        "i am 14|i am 15|i am 16|i am 17|i am under 18|i am underage|i am a minor ~ problem|allowed|too young|a problem ~ plan|loan|credit|invoice|instalment*|pay later|debt|payments",
    ),
    // Legal threats.
    (
        Topic::LegalThreat,
        "start proceedings|issue proceedings|court proceedings|begin proceedings",
    ),
    (
        Topic::LegalThreat,
        "subject access request|dsar|through the courts|through the court|seeking compensation|seek compensation",
    ),
    (
        Topic::LegalThreat,
        "lawyer*|attorney*|solicitor*|lawsuit|ombudsman|advokat*|anwalt|anwaltin|verklag*",
    ),
    (
        Topic::LegalThreat,
        // Not "court" alone: "do you sell court shoes?"
        // "Sue" is also a name ("my colleague Sue ordered this").
        "sue you|sue your|sue u|sue the|sue them|sue this|sue for|sue over|will sue|ill sue|going to sue|gonna sue|want to sue|have to sue|right to sue|could sue|can sue|should sue|would sue|might sue|then sue|i sue|we sue|suing|to court|in court|court case|court action|court claim|court order|the court|courts|legal action|legal steps|small claims",
    ),
    (Topic::LegalThreat, "report ~ you|this|it ~ to"),
    (Topic::LegalThreat, "rechtliche ~ schritte"),
    (
        Topic::LegalThreat,
        "stamma|anmala|anmaler ~ er|dig|foretaget|detta|det|butiken",
    ),
    (
        Topic::LegalThreat,
        "consumer ~ protection|agency|authority|rights",
    ),
    (
        Topic::LegalThreat,
        "legal team|legal department|legal advice|legal proceedings|further legally|take this further|small claim|filing a claim|file a claim|lodge a claim|legal counsel|instructed counsel|legal representation|citizens advice",
    ),
    (
        Topic::LegalThreat,
        "arn|trading standards|regulator|watchdog|fca|the police|police report|police station|police officer|police reference|police case|police crime|to police|polisen|polizei|konsumentverket|verbraucherzentrale|ses i ratten|till ratten|infor ratten|tingsratten|tingsratt|domstol*|gericht|reklamationsnamnden|konsumentombudsman*|schlichtungsstelle",
    ),
    (
        Topic::LegalThreat,
        "letter before action|letter before claim|cfpb|better business bureau|attorney general|breach of contract",
    ),
    (
        Topic::LegalThreat,
        "data protection authority|information commissioner|gdpr complaint|datenschutzbehorde|integritetsskyddsmyndigheten|reporting you|report you|reported you",
    ),
    // Injury and product safety (session 10): a product that caught fire,
    // burned or shocked someone, a part a child swallowed, food that made
    // people ill. Each needs the harm, not the word: "fire pit", "burnt
    // orange", "shocked by the price" and "allergy-friendly?" are routine.
    (
        Topic::Safety,
        "caught fire|caught on fire|burst into flames|went up in flames|started a fire|set fire to|set on fire|fire hazard|fire risk|burned down|burnt down",
    ),
    (
        Topic::Safety,
        "started smoking|smoke came out|smoke coming out|sparks came out|sparks coming out|started sparking|exploded|feuer gefangen",
    ),
    (Topic::Safety, "melted ~ burn*|fire|smoke|hand|skin"),
    (
        Topic::Safety,
        "got burned|got burnt|was burned|was burnt|been burned|been burnt|got scalded|was scalded|got stitches|needed stitches|got a burn",
    ),
    (
        Topic::Safety,
        "pieces|parts|bits ~ came off|broke off|come off|break off ~ too easily|so easily",
    ),
    (
        Topic::Safety,
        "not|no ~ child proof|childproof|child resistant|child safe|child lock",
    ),
    (
        Topic::Safety,
        "burned|burnt|burns|scalded|blistered|cut ~ my|his|her|their|our|the ~ hand|hands|arm|arms|leg|legs|skin|face|finger|fingers|foot|feet|mouth|eye|eyes|child|son|daughter|kid|kids|baby|toddler",
    ),
    (
        Topic::Safety,
        "electric shock|electrocut*|got a shock|gave me a shock|gave him a shock|gave her a shock|shock from the|shocked when i",
    ),
    (
        Topic::Safety,
        "swallowed|swallow|choked on|choking on|inhaled|put in his mouth|put in her mouth ~ battery|batteries|magnet|magnets|a part|a piece|piece|pieces|bead|beads|button|small part|small parts|the lid|cap",
    ),
    (
        Topic::Safety,
        "choking hazard|safety hazard|health hazard|unsafe|not safe to use|is dangerous|are dangerous|was dangerous|really dangerous|so dangerous|could have killed|nearly killed|almost killed !~ laughing|with laughter",
    ),
    (
        Topic::Safety,
        "was injured|got injured|been injured|were injured|injured my|injured me|injured him|injured her|injured by|injuries from|injury from|caused an injury|caused injuries|got hurt|was hurt by|hurt by the|hurt himself|hurt herself|hurt themselves",
    ),
    (
        Topic::Safety,
        "had|got|having|severe|bad|serious ~ allergic reaction|anaphyla*",
    ),
    (
        Topic::Safety,
        "severe|bad|serious|awful|horrible|terrible ~ rash|burns|burn|reaction",
    ),
    // Round 44: a small part a child had in the mouth.
    (
        Topic::Safety,
        "loose magnet|magnet came off|magnets came off|magnet came out|magnets came out|magnet fell out|magnets fell out|put it in her mouth|put it in his mouth|put one in her mouth|put one in his mouth|had it in her mouth|had it in his mouth",
    ),
    // Round 42 (typed in a hurry): a rash after using a product.
    (
        Topic::Safety,
        "rash|hives|blisters ~ after using|after wearing|after eating|after taking|after applying|from using|from wearing|from the cream|from your",
    ),
    (
        Topic::Safety,
        "food poisoning|made me sick|made us sick|made him sick|made her sick|made them sick|made me ill|made us ill|got sick from|got ill from|threw up after|vomiting after|been vomiting",
    ),
    (
        Topic::Safety,
        "found|there was|there is ~ glass|metal|a needle|a shard|shards|a blade|a screw|mould|mold ~ in",
    ),
    (
        Topic::Safety,
        "collapsed|gave way|snapped|broke|came loose|came off ~ while|when|under ~ i was|he was|she was|we were|they were|climbing|sitting|using|standing|riding|driving|in use|me|him|her",
    ),
    (
        Topic::Safety,
        "in hospital|to hospital|to the hospital|a and e|emergency room ~ because of|from|after using|after eating",
    ),
    (
        Topic::Safety,
        "car seat|carseat|cot|crib|pram|stroller|buggy|high chair|highchair|helmet|harness|smoke alarm|smoke detector|baby gate|stair gate ~ crack*|snapped|faulty|defect*|failed|came apart|fell apart|came loose|gave way|unsafe",
    ),
    // Round 35: what happened, told plainly (set alight, a burning smell,
    // a swollen power bank, brakes that failed, a broken arm, a cord round
    // a neck, a doctor who blames the product).
    (Topic::Safety, "set ~ alight|ablaze|on fire"),
    (
        Topic::Safety,
        "nasty burn|bad burn|a burn on|burn on my|burn on his|burn on her|burns on|burning smell|smell of burning|smelled of burning|smelt of burning|smelled burnt|smelt burnt|black smoke|thick smoke|smoke everywhere|scorched|scorch marks|singed|a jolt|zapped me|oozing|pus|an explosion|small explosion|loud explosion|gas leak|smell of gas|smelled gas|smelt gas|leaking gas",
    ),
    (
        Topic::Safety,
        "power bank|powerbank|battery|batteries ~ swelled|swollen|swelling|bulging|puffed up|exploded|caught fire|got really hot|got very hot|too hot to touch",
    ),
    (
        Topic::Safety,
        "nearly|almost|started|was|is|started ~ choking|choked|suffocat*",
    ),
    (
        Topic::Safety,
        "brakes failed|brake failed|brakes gave out|brakes stopped working|brakes did not work|brakes didnt work|brake did not work",
    ),
    (
        Topic::Safety,
        "broken|broke|fractured ~ my|his|her|their ~ arm|leg|wrist|ankle|nose|rib|ribs|hip|bone|tooth|teeth|finger|toe|collarbone|jaw",
    ),
    (
        Topic::Safety,
        "fell off|fell onto|fell from|fell down|crashed ~ broken|broke|fractured|fracture|concussion|stitches|hospital",
    ),
    (
        Topic::Safety,
        "needed|got|had|has|needs ~ a concussion|concussion|a fracture|stitches",
    ),
    (
        Topic::Safety,
        "hip fracture|breathing problems|trouble breathing|difficulty breathing|could not breathe|couldnt breathe|struggling to breathe",
    ),
    (
        Topic::Safety,
        "says|said|thinks|suspects|confirmed ~ poisoning|poisoned|food poisoning",
    ),
    (
        Topic::Safety,
        "got poisoned|been poisoned|was poisoned|were poisoned",
    ),
    (
        Topic::Safety,
        "gave way|collapsed|snapped|came off|came loose|broke off|failed|tipped over|toppled ~ fell|crashed|hurt|injured|in hospital|in the hospital|ambulance|a and e",
    ),
    (
        Topic::Safety,
        "fell on|fell onto|landed on|toppled onto|tipped onto ~ my|his|her|their|our ~ foot|feet|head|leg|legs|hand|arm|son|daughter|child|kid|baby|toddler",
    ),
    (
        Topic::Safety,
        "cord|cable|string|strap|rope ~ around|round ~ neck",
    ),
    (
        Topic::Safety,
        "in her ear|in his ear|in their ear|up her nose|up his nose|up their nose|in her nose|in his nose ~ swollen|stuck|bleeding|hospital|doctor|a and e|cannot get it out|cant get it out|will not come out|wont come out",
    ),
    (
        Topic::Safety,
        "doctor|doctors|gp|hospital|vet|nurse|paramedic*|pharmacist ~ thinks|think|believes|suspects ~ it is|its|it was|caused|because of|from",
    ),
    (
        Topic::Safety,
        "infected ~ ear|ears|piercing|skin|wound|cut|eye|eyes",
    ),
    // Round 36: swelling and hives.
    (
        Topic::Safety,
        "lips|face|tongue|throat|eyes|eye|mouth ~ swelled|swollen|swelling|closing up",
    ),
    (
        Topic::Safety,
        "broke out in|came out in|got|gave him|gave her|gave me|gave my * ~ hives",
    ),
    // The same in Swedish and German.
    (
        Topic::Safety,
        "borjade brinna|fattade eld|tog eld|brandrisk|brann upp|elstot|fick en stot|brannskad*|svalde|satte i halsen|livsfarlig*|farlig att anvanda|skadade mig|skadade sig|matforgiftning|luktade brant|brandlukt|branlukt|borjade ryka|rokte|andningsproblem|andningssvarigheter|allergisk reaktion|svullnade|kvavdes",
    ),
    (
        Topic::Safety,
        "fing feuer|in brand geraten|brandgefahr|brannte ab|stromschlag|verbrannt|verbrennung*|verschluckt|lebensgefahrlich|lebensgefahr|gefahrlich|verletzt|lebensmittelvergiftung|durchgeschmort|geschmort|gequalmt|brandgeruch|rauchentwicklung|explodiert|atemnot|allergische reaktion|erstickt",
    ),
    // Round 54, injuries only, in English, Swedish and German: a thumb
    // sliced on a lid, a finger trapped in a folding chair, a ladder that
    // buckled, a burn mark on a neck, a piece that broke off in a mouth, a
    // battery hissing, a pet poisoned by treats, a foot bleeding, a gap that
    // could trap a baby's head. Not a sprained ankle or a bruise alone: a
    // shopper says those when buying a support.
    (
        Topic::Safety,
        "sliced|gashed|trapped|crushed ~ my|his|her|their|our ~ thumb|thumbs|finger|fingers|hand|hands|wrist|arm|leg|foot|toe|toes|head|neck|back|knee|lip",
    ),
    (
        Topic::Safety,
        "hurt|injured ~ my|his|her|their|our ~ thumb|finger|hand|wrist|arm|leg|foot|toe|head|neck|back|knee|eye ~ when|while|on the|on your|on it|using|lifting|opening|because of|from the|from your",
    ),
    (
        Topic::Safety,
        "finger|fingers|thumb|hand|hands|foot|arm|leg|head ~ trapped|crushed|jammed|got trapped|got caught|got stuck ~ in|under|between",
    ),
    (
        Topic::Safety,
        "nasty cut|deep cut|bad cut|got a cut|a gash|gashed|sliced open|cut open my|sliced my",
    ),
    // Hurt "myself" on a product. Self-harm patterns still outrank these
    // ("cut myself on the packaging" reads as possible self-harm): telling a
    // shopper hurt by packaging where help is costs little, and reading
    // self-harm as an accident could cost a life.
    (
        Topic::Safety,
        "burned|burnt|scalded|injured|cut|sliced ~ myself|himself|herself|themselves ~ on|when|while|opening|using|assembling|unpacking",
    ),
    (
        Topic::Safety,
        "buckled|gave out ~ fell|crashed|hurt|injured|hospital",
    ),
    (
        Topic::Safety,
        "burn mark on my|burn marks on my|burn mark on his|burn mark on her|left a burn on|left burns on|left a burn mark on my",
    ),
    (
        Topic::Safety,
        "broke off|came off|came out|bit off|chewed off ~ in her mouth|in his mouth|in their mouth|in my mouth|in the babys mouth",
    ),
    (
        Topic::Safety,
        "battery|batteries|charger|power bank|powerbank|plug|socket|adapter|adaptor|extension lead|e bike|ebike|scooter ~ hissing|smoking|sparking|sparked|started hissing|started sparking",
    ),
    (
        Topic::Safety,
        "so hot it melted|so hot that it melted|melted the socket|melted the plug|melted the cable|melted the lead|melted the adapter|melted the wire|plug melted|socket melted|cable melted",
    ),
    (
        Topic::Safety,
        "vet|doctor|gp ~ says|said|thinks|confirmed ~ toxic|poisoned|poisoning|allergic reaction",
    ),
    (
        Topic::Safety,
        "foot is bleeding|hand is bleeding|finger is bleeding|head is bleeding|is bleeding badly|bleeding badly|wont stop bleeding|will not stop bleeding|blood everywhere|so much blood|glass everywhere|shards everywhere|big enough to trap|could trap|can trap his|can trap her|trap her head|trap his head|trap a child|trap a baby",
    ),
    (
        Topic::Safety,
        "brande mig|brant mig|brande sig|brant sig|skallde mig|skallde sig|skallt mig|glodhett|glodhet|slog i huvudet|slog huvudet|satta i halsen|fastnade i halsen|satt fast i halsen|holl pa att kvavas|smadelar som lossnar|fick utslag|fick ett utslag|fatt utslag|utslag over hela",
    ),
    (
        Topic::Safety,
        "gick sonder|brast|rasade|vek sig|gav vika ~ foll|ramlade|slog|skadade|skadad",
    ),
    (
        Topic::Safety,
        "mich|sich ~ geschnitten|verbruht|wehgetan|weh getan",
    ),
    (
        Topic::Safety,
        "umgekippt|umgefallen|zusammengebrochen|eingesturzt ~ auf meinen|auf meine|auf seinen|auf seine|auf ihren|auf ihre|auf mich|auf ihn|auf das kind|auf mein kind|verletzt|krankenhaus|notaufnahme",
    ),
    (
        Topic::Safety,
        "hort nicht auf zu bluten|blutet stark|blutet sehr",
    ),
    (
        Topic::Dispute,
        "reverse it|reverse the charge|reverse the payment|reverse this|claw it back|claw back ~ with|through ~ my bank|my card company|the bank|my credit card|the card company",
    ),
    // Round 36: your name used to sell, prizes that cost postage.
    (
        Topic::Fraud,
        "with your logo|using your logo|using your name|in your name|your brand name ~ selling|taking|asking|sells|takes|asks",
    ),
    (
        Topic::Fraud,
        "selling|sells|sold ~ tickets|vouchers|gift cards ~ with your logo|using your logo|using your name|pretending",
    ),
    (
        Topic::Fraud,
        "asked for|asking for|wants|wanted ~ my card details|card details|my bank details|bank details|my card number ~ to pay postage|for postage|to pay the postage|to pay delivery|to claim|to release|to unlock",
    ),
    (
        Topic::LegalThreat,
        "consumer rights act|consumer contracts regulations|consumer protection act|will take it further|will take this further|taking this further|taking it further|take it further|take this further",
    ),
    (
        Topic::LegalThreat,
        "breach|breaches|breached|breaching ~ consumer|the law|my rights|my statutory|contract|the act|regulations",
    ),
    (
        Topic::Vulnerability,
        "gets confused|easily confused|always confused|gets muddled|gets mixed up|memory problems|memory loss|losing her memory|losing his memory|had a stroke|after a stroke|since a stroke|since her stroke|since his stroke|after her stroke|after his stroke",
    ),
    // Round 34: personal data sent to a stranger, erasure requests,
    // parcel-fee texts, shops that do not exist, not understanding English.
    (
        Topic::StolenOrCompromised,
        "address|details|data|information|confirmation ~ to a stranger*|to strangers|to another customer|to the wrong person|to a random",
    ),
    (
        Topic::LegalThreat,
        "gdpr|dsgvo|right to erasure|right to be forgotten ~ delete|deleted|erase|erased|remove|removed|my data|request",
    ),
    (
        Topic::LegalThreat,
        "delete|erase|remove ~ all my data|all my personal data|my personal data|every bit of data|all the data you|all data you",
    ),
    (
        Topic::LegalThreat,
        "data you hold|data you have|data you keep|information you hold ~ deleted|erased|removed|delete|erase|deleting",
    ),
    (
        Topic::Fraud,
        "pay|paid ~ a|the ~ fee|small fee|customs fee|redelivery fee|delivery fee ~ via a link|through a link|on a link|with a link|by a link",
    ),
    (
        Topic::Fraud,
        "charges everywhere|charges all over|loads of charges|lots of charges|charges from everywhere",
    ),
    (
        Topic::Fraud,
        "does not exist|doesnt exist|did not exist|didnt exist|never existed|is not real|was not real ~ i paid|paid|we paid|i sent|sent them",
    ),
    (
        Topic::Vulnerability,
        "english is not my|not my first language|not my native language|my english is not|my english is bad|my english is poor|understand what i signed|understand what i agreed|know what i signed",
    ),
    // Complaints.
    (
        Topic::Complaint,
        "no resolution|expected better|i expect better|still unresolved|still not resolved",
    ),
    (
        Topic::Complaint,
        "schlechteste|schlechtester|schlechtesten|samsta|samre ~ service|kundenservice|kundtjanst|bemotande|erfahrung",
    ),
    (
        Topic::Complaint,
        "no one|nobody|noone ~ has bothered|bothered|has got back to me|got back to me|has gotten back to me|has replied|ever replies|has responded|ever responds",
    ),
    (
        Topic::Complaint,
        "complain*|complaint*|klagomal|klaga*|reklamation|beschwer*",
    ),
    (
        Topic::Complaint,
        "unacceptable|outrageous|disgrace*|appalling|disgust*|oacceptabel*|unverschamt*|inakzeptabel|frechheit|zumutung|skandal*|bedrovlig*|uselt|katastroph*|miserabel|unterirdisch",
    ),
    (
        Topic::Complaint,
        "worst|terrible|awful|horrible|shocking ~ service|company|experience|support",
    ),
    // Round 51: let down, treated badly, wanted on record.
    (
        Topic::Complaint,
        "want it on record|put it on record|on the record|been let down|let me down again|keep letting me down|treated so badly|treated badly|treated appallingly|treated terribly|treated like dirt|treated like rubbish",
    ),
    (
        Topic::LegalThreat,
        "my legal insurance|my legal expenses|my legal team|my legal cover",
    ),
    // Round 44: a review shouted at the bot.
    (
        Topic::Complaint,
        "zero stars|0 stars|no stars|worst shop ever|worst store ever|worst website ever|worst company ever|worst shop in|worst store in",
    ),
    (
        Topic::Complaint,
        "furious|livid|fuming|outraged|missnojd|missnoje|unzufrieden|dissatisf*",
    ),
    (
        Topic::Complaint,
        "is a joke|was a joke|such a joke|what a joke|its a joke|are a joke|are such a joke|a shambles|a farce|a circus|shambolic|jattemissnojd|supermissnojd|sehr unzufrieden|enttauscht|besviken",
    ),
    (
        Topic::Complaint,
        "absolute joke|complete joke|total joke|utter joke|joke of a|escalate|escalated|escalating|escalation|nobody has helped|no one has helped|nobody is helping|no one is helping|nobody helps|no one helps",
    ),
    (
        Topic::Complaint,
        "trustpilot|bad review|negative review|one star review|1 star review|terrible review|awful review",
    ),
    (
        Topic::Complaint,
        "how badly|badly treated|treated badly|been treated like|treated like dirt|treated like rubbish",
    ),
    (
        Topic::Complaint,
        "never|not ~ using|use|order*|shop*|buy*|buying ~ again|from you again|with you again|here again",
    ),
    (
        Topic::Complaint,
        "fed up|sick of|sick and tired|had enough ~ with you|of you|with your|of your|you lot|this company|this service|this shop",
    ),
    (
        Topic::Complaint,
        "beyond ~ annoyed|angry|frustrated|furious|disappointed|fed up",
    ),
    (
        Topic::Complaint,
        "third time|third chat|third call|fourth time|fifth time|countless times",
    ),
    (
        Topic::Complaint,
        "rude|dismissive|disrespectful|condescending|patronising|patronizing|hung up on me",
    ),
    (
        Topic::Complaint,
        "ruined|ruining|destroyed|damaged ~ my ~ credit|credit score|credit rating|reputation",
    ),
    (
        Topic::Complaint,
        "your mistake|your error|your fault|you messed up|you screwed up|passed around|bounced around|sent around|this is ridiculous|this is absurd|this is insane|rip off|ripoff|ripped off|daylight robbery|is this even legal|how is this legal|how is this even legal|vardelos*|usla|katastrof*",
    ),
    (
        Topic::Complaint,
        "very|extremely|really|totally|deeply ~ unhappy|disappointed",
    ),
    (
        Topic::Complaint,
        "so|very|really|extremely ~ angry|upset|annoyed ~ with|about|at|by",
    ),
    (
        Topic::Complaint,
        "how i have been|the way i have been|how i was|the way i was ~ treated|spoken to",
    ),
    (
        Topic::Complaint,
        "service|company|support|experience ~ is|was|has been ~ awful|terrible|horrible|shocking|appalling|rubbish|disgraceful|atrocious|trash|garbage|crap|useless|a joke|the worst|horrendous|dreadful",
    ),
    (
        Topic::Complaint,
        "i have been transferred|i was transferred|passed from one|explain it all again|explain everything again|repeat myself|repeating myself",
    ),
];

/// Words that name a topic when they are all the message says ("stolen!",
/// "my card? hacked"): beside other words each is too often something else
/// (Swedish "stolen" is the chair, "a roller blind", "Sue"), so the
/// patterns want them in context, but alone they are the shopper's whole
/// point.
const ALONE: &[(Topic, &str)] = &[
    (Topic::StolenOrCompromised, "stolen"),
    (Topic::StolenOrCompromised, "leaked"),
    (Topic::StolenOrCompromised, "breached"),
    (Topic::StolenOrCompromised, "skimmed"),
    (Topic::StolenOrCompromised, "pinched"),
    (Topic::StolenOrCompromised, "nicked"),
    (Topic::StolenOrCompromised, "hack"),
    (Topic::Vulnerability, "blind"),
    (Topic::Vulnerability, "stroke"),
    (Topic::FinancialHardship, "drowning"),
    (Topic::LegalThreat, "sue"),
    (Topic::LegalThreat, "police"),
    (Topic::Dispute, "contest"),
];

/// The topic of a message whose only word beside function words is one of
/// [`ALONE`].
fn alone(tokens: &[&str]) -> Option<Finding> {
    let mut content = crate::features::content_words(tokens.iter().copied());
    let word = content.next()?;
    if content.next().is_some() {
        return None;
    }
    ALONE
        .iter()
        .find(|(_, alone)| *alone == word)
        .map(|(topic, alone)| Finding {
            topic: *topic,
            evidence: (*alone).to_owned(),
        })
}

fn compiled() -> &'static PatternSet<Topic> {
    static COMPILED: OnceLock<PatternSet<Topic>> = OnceLock::new();
    COMPILED.get_or_init(|| PatternSet::new(PATTERNS.iter().copied()))
}

/// A sensitive topic found in a message, and the phrase that showed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The most urgent topic found.
    pub topic: Topic,
    /// The pattern or merchant phrase that matched, for the explanation.
    pub evidence: String,
}

/// The most urgent sensitive topic in `normalized` text, if any.
/// `merchant_phrases` must be normalised too.
pub fn detect(normalized: &str, merchant_phrases: &[String]) -> Option<Finding> {
    detect_in(
        &crate::pattern::tokens(normalized),
        normalized,
        merchant_phrases,
    )
}

/// [`detect`] given the text's [`crate::pattern::tokens`] as well.
pub fn detect_in(
    tokens: &[&str],
    normalized: &str,
    merchant_phrases: &[String],
) -> Option<Finding> {
    let built_in = compiled()
        .matches(tokens)
        .min_by_key(|(topic, _)| *topic)
        .map(|(topic, pattern)| Finding {
            topic: *topic,
            evidence: pattern.source().to_owned(),
        })
        .or_else(|| alone(tokens));
    let padded = if merchant_phrases.is_empty() {
        String::new()
    } else {
        format!(" {normalized} ")
    };
    let merchant = merchant_phrases
        .iter()
        .find(|phrase| !phrase.is_empty() && padded.contains(&format!(" {phrase} ")))
        .map(|phrase| Finding {
            topic: Topic::MerchantPhrase,
            evidence: phrase.clone(),
        });
    built_in.into_iter().chain(merchant).min_by_key(|f| f.topic)
}

#[cfg(test)]
mod tests {
    use super::detect;
    use crate::normalize::normalize;
    use expect_test::{Expect, expect};

    fn check(input: &str, expect: Expect) {
        let topic = detect(&normalize(input), &["price match".to_owned()]).map(|f| f.topic);
        expect.assert_eq(&format!("{topic:?}"));
    }

    #[test]
    fn every_topic_comes_back_from_its_id() {
        use super::Topic;
        for topic in Topic::BUILT_IN.into_iter().chain([Topic::MerchantPhrase]) {
            assert_eq!(Topic::from_id(topic.id()), Some(topic));
        }
        assert_eq!(Topic::from_id("SelfHarm"), None);
        assert_eq!(Topic::from_id(""), None);
    }

    #[test]
    fn fraud_in_many_phrasings() {
        check(
            "There's a payment I don't recognise",
            expect!["Some(Fraud)"],
        );
        check(
            "I never authorized this transaction",
            expect!["Some(Fraud)"],
        );
        check("someone used my card online", expect!["Some(Fraud)"]);
        check("this charge isn't mine", expect!["Some(Fraud)"]);
        check(
            "Jag känner inte igen den här betalningen",
            expect!["Some(Fraud)"],
        );
        check("Ich habe das nicht bestellt", expect!["Some(Fraud)"]);
    }

    #[test]
    fn self_harm_outranks_everything() {
        check(
            "I can't pay and I want to end my life",
            expect!["Some(SelfHarm)"],
        );
        check(
            "honestly everyone would be better off without me",
            expect!["Some(SelfHarm)"],
        );
        check("jag vill inte leva längre", expect!["Some(SelfHarm)"]);
        check("I don't want to live anymore", expect!["Some(SelfHarm)"]);
    }

    #[test]
    fn hardship_disputes_bereavement_legal_complaints() {
        check(
            "I lost my job and can't afford the next instalment",
            expect!["Some(FinancialHardship)"],
        );
        check("I want to file a chargeback", expect!["Some(Dispute)"]);
        // German "im" arrives as "i am" (see the note on the patterns).
        check(
            "ich bin mit den Raten im Rückstand",
            expect!["Some(FinancialHardship)"],
        );
        check(
            "ich kann die Rate im Moment nicht zahlen",
            expect!["Some(FinancialHardship)"],
        );
        check(
            "I was charged twice for one order",
            expect!["Some(Dispute)"],
        );
        check(
            "My husband passed away last month, his account",
            expect!["Some(Bereavement)"],
        );
        check(
            "I'll take legal action if this isn't fixed",
            expect!["Some(LegalThreat)"],
        );
        check(
            "This is the worst service I've ever had",
            expect!["Some(Complaint)"],
        );
        check("Ich möchte mich beschweren", expect!["Some(Complaint)"]);
        check("my card was stolen", expect!["Some(StolenOrCompromised)"]);
    }

    #[test]
    fn injuries_and_dangerous_products() {
        check("the heater caught fire last night", expect!["Some(Safety)"]);
        check(
            "my son swallowed a magnet from the set",
            expect!["Some(Safety)"],
        );
        check(
            "my daughter got burned by the kettle",
            expect!["Some(Safety)"],
        );
        check("das Ladegerät hat Feuer gefangen", expect!["Some(Safety)"]);
        // Self-harm still outranks it; the harm must be there, not the word.
        check(
            "the heater caught fire and I want to end my life",
            expect!["Some(SelfHarm)"],
        );
        check("do you sell fire pits?", expect!["None"]);
        check("I was shocked by the price", expect!["None"]);
    }

    #[test]
    fn hurt_on_a_product_is_an_injury_but_cutting_on_purpose_is_self_harm() {
        check(
            "I burned myself on the kettle, the lid came off",
            expect!["Some(Safety)"],
        );
        check(
            "my daughter cut herself on the broken glass in the parcel",
            expect!["Some(Safety)"],
        );
        check(
            "ich habe mich an der Verpackung geschnitten",
            expect!["Some(Safety)"],
        );
        // The same words with intent, or in the first person with a cut,
        // stay self-harm: reading self-harm as an accident is the worse
        // mistake.
        check("she cut herself on purpose", expect!["Some(SelfHarm)"]);
        check("he cut himself again last night", expect!["Some(SelfHarm)"]);
        check("she has been cutting herself", expect!["Some(SelfHarm)"]);
        check(
            "my son burned himself on purpose with a lighter",
            expect!["Some(SelfHarm)"],
        );
        check("I cut myself on the packaging", expect!["Some(SelfHarm)"]);
    }

    #[test]
    fn merchant_phrases_count() {
        check(
            "do you offer a price match?",
            expect!["Some(MerchantPhrase)"],
        );
    }

    #[test]
    fn a_word_that_needs_context_still_counts_when_it_is_all_there_is() {
        check("stolen!!", expect!["Some(StolenOrCompromised)"]);
        check("my card? stolen", expect!["Some(StolenOrCompromised)"]);
        check("police", expect!["Some(LegalThreat)"]);
        check("är stolen i lager?", expect!["None"]);
        check("my colleague Sue ordered this", expect!["None"]);
        check("how wide is the roller blind?", expect!["None"]);
    }

    #[test]
    fn routine_questions_are_not_sensitive() {
        check("When will my order arrive?", expect!["None"]);
        check("How do I return a jacket?", expect!["None"]);
        check("Can I pay in three instalments?", expect!["None"]);
        check("What does the promo code do?", expect!["None"]);
        check("my payment was declined", expect!["None"]);
        check(
            "I cannot pay with my card, it shows an error",
            expect!["None"],
        );
    }
}
